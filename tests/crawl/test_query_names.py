"""The fuzz skips numbers and long values in query names a page never reads
(tests/crawl/fuzz.py query_names_recorded): the recorder must see every way a view reads the
query, or the fuzz would skip values that reach code."""

import pytest
from django.http import HttpResponse
from django.template import engines
from django.test import Client
from django.urls import path

from .fuzz import EVERY_NAME, query_names_read


def _one_name(request):
    request.GET.get("week")
    return HttpResponse("")


def _membership(request):
    return HttpResponse("yes" if "day" in request.GET else "no")


def _a_list(request):
    request.GET.getlist("provider")
    return HttpResponse("")


def _bound_form(request):
    return HttpResponse("bound" if request.GET else "unbound")


def _a_copy(request):
    request.GET.copy()
    return HttpResponse("")


def _the_whole_address(request):
    template = engines["django"].from_string("{{ request.get_full_path }}")
    return HttpResponse(template.render({"request": request}))


def _the_post_only(request):
    return HttpResponse("bound" if request.POST else "unbound")


urlpatterns = [
    path("one/", _one_name),
    path("membership/", _membership),
    path("list/", _a_list),
    path("bound/", _bound_form),
    path("copy/", _a_copy),
    path("address/", _the_whole_address),
    path("post/", _the_post_only),
]


@pytest.mark.urls(__name__)
@pytest.mark.parametrize(
    "url, read",
    [
        ("/one/", {"week"}),
        ("/membership/", {"day"}),
        ("/list/", {"provider"}),
        ("/bound/", {EVERY_NAME}),
        ("/copy/", {EVERY_NAME}),
        ("/address/", {EVERY_NAME}),
        # The form body of a GET is empty whatever the query: reading it reads no name.
        ("/post/", set()),
    ],
)
def test_every_way_a_view_reads_the_query_is_seen(url, read):
    # The context processors read "date" and "start" on a rendered page; these views render
    # no page but the address one, whose template has no request context.
    assert query_names_read(Client(), url) - {"date", "start"} == read


@pytest.mark.urls(__name__)
def test_the_recorder_leaves_django_as_it_found_it():
    from django.core.handlers.base import BaseHandler
    from django.core.handlers.wsgi import WSGIRequest
    from django.http import HttpRequest, QueryDict

    before = [
        dict(vars(QueryDict)),
        dict(vars(WSGIRequest)),
        dict(vars(HttpRequest)),
        dict(vars(BaseHandler)),
    ]
    query_names_read(Client(), "/one/")
    after = [
        dict(vars(QueryDict)),
        dict(vars(WSGIRequest)),
        dict(vars(HttpRequest)),
        dict(vars(BaseHandler)),
    ]
    assert after == before
