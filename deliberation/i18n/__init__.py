"""Languages: which one a page speaks, the switcher, and locale-aware formatting (Flask-Babel)."""
