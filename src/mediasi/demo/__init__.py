"""Realistic demo data: a Polres with three Polsek, ten desa, officers, tokoh and ~60 cases."""
