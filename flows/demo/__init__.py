"""Sample portals written for the demo: served on 127.0.0.1 and crawled like real ones."""
