"""People still abroad, repatriation operations, manifests, country reception protocols and their steps, placements."""
