import pytest

from .demo import Demo, demo_load


@pytest.fixture
def demo(db) -> Demo:
    return demo_load()
