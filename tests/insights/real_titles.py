"""Hand-written titles of the kind a data-science and cooking creator might post (made up)."""

from __future__ import annotations

DATA_CAREERS = (
    "How I got my first data science job without a degree",
    "Data science interview questions I was actually asked",
    "My data science resume review: what recruiters want",
    "Data analyst vs data scientist: which career should you pick",
    "Day in the life of a data scientist at a startup",
    "How to negotiate your first data science salary",
    "Data science portfolio projects that got me interviews",
    "Switching careers into data science at 35",
)
PYTHON = (
    "Pandas groupby explained with real examples",
    "Pandas merge vs join: the difference in 5 minutes",
    "Stop writing loops in pandas: vectorize instead",
    "Pandas pivot tables for beginners",
    "Cleaning messy data with pandas, step by step",
    "Pandas tips that save me hours every week",
    "Reading huge CSV files with pandas chunks",
    "Pandas apply is slow, here is why",
)
SOURDOUGH = (
    "My sourdough starter from scratch, day by day",
    "Why your sourdough bread is flat (and how to fix it)",
    "Sourdough discard pancakes in 10 minutes",
    "Beginner sourdough bread recipe, no mixer",
    "Sourdough starter troubleshooting: hooch, mold, smell",
    "Overnight sourdough bread schedule for busy people",
    "Whole wheat sourdough bread that actually rises",
    "Sourdough focaccia with rosemary and sea salt",
)
SPANISH = (
    "Cómo preparar la entrevista de ciencia de datos",
    "Preguntas de entrevista de ciencia de datos en España",
    "Mi primer trabajo en ciencia de datos",
    "Receta de pan de masa madre para principiantes",
    "Masa madre desde cero: día a día",
    "El pan de masa madre perfecto en casa",
    "Errores con la masa madre y cómo evitarlos",
    "Salario en ciencia de datos: cuánto se gana",
)
CATALOGUE = {"careers": DATA_CAREERS, "pandas": PYTHON, "sourdough": SOURDOUGH}
