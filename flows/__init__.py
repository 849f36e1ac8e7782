"""I/O and orchestration, in rooms by role: net, store, crawl, orchestrate, cli, inspect, demo.

Imports run one way: cli → demo → orchestrate → crawl → store → net → config/errors/counters
→ cleaners; inspect reads the corpus beside them. Only `flows.orchestrate` imports Prefect.
"""
