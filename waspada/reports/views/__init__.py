"""Report pages: writing and deciding (``reports``), completeness (``completeness``) and the
national weekly recap with its exports (``recap``)."""
