"""Views, one module per topic."""
