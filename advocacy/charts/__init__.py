"""Charts drawn on the server as inline SVG: the ranking, the deadline timeline, the win rate.

Each module here loads a chart's data in a fixed number of queries and lays it out in SVG
units; the templates under ``templates/charts/`` draw it, with a text alternative and the
same numbers as a table next to the chart. No script and nothing from another server.
"""
