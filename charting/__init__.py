"""The provider's structured record of each treatment session: device, areas, settings,
skin response; signed off, then changed only by addenda."""
