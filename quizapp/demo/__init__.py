"""Demo data: a teacher, a class and months of plausible study history (``flask demo seed``),
so dashboards, screenshots and benchmarks look like a real school."""
