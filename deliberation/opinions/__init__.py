"""Opinion maps inside debates: statements, one reaction per person each, a map recomputed off the request."""
