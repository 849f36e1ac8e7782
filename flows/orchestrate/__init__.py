"""Orchestration: each command's driver once, its executors (plain, Prefect), Dask, serve, reports.

The only room that imports Prefect, and only in prefect_flows.py, serve.py and runners.py; every
step a driver runs is a plain function of a lower room.
May import: flows.crawl, flows.net, flows.store and the base modules.
"""
