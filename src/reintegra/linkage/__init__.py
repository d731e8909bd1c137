"""Record linkage: name folding, the Splink matching engine, duplicate review.

``folding`` and ``engine`` are pure Python (no Django import) so that search,
import and the benchmarks can use them outside a configured Django project.
"""
