"""Charts drawn at the edge: a reply's ChartSpec rendered to PNG by matplotlib workers."""
