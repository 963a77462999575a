"""Pages of the forum registry (``pages``) and the formation compliance page (``compliance``)."""
