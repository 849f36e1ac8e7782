"""Orchestration: the Prefect flows, the task runners, the embedded server, serve, run reports.

The only room that imports Prefect; everything it runs is a plain function of a lower room.
May import: flows.crawl, flows.net, flows.store and the base modules.
"""
