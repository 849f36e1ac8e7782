"""Orchestration: the Prefect flows, the plain path without Prefect, the Dask pool, serve, reports.

The only room that imports Prefect; everything it runs is a plain function of a lower room.
May import: flows.crawl, flows.net, flows.store and the base modules.
"""
