"""Tools that run the dashboard from outside, kept out of the product (the Docker image holds `dashboard/`
only): the benchmark (`python -m bench`), its websocket client and baseline app, and the one server
launcher the tests, the scripts and the benchmark share (`bench.server`)."""
