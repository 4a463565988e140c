"""An independent linear-programming attack on disclosure control (issue 10).

For every table by two dimensions of every demo dataset (`wps privacy export`, what readers
who do not see exact figures get) and of random datasets (`wps privacy protect`), minimise and
maximise each withheld cell with scipy's HiGHS over everything shown: the cells, row, column and
grand totals, a "<k" cell in 1..k-1, an "x" cell at least 0, an "x" total at least 1. Each table
alone, and every two tables of a dataset together (a shared dimension's totals are one set of
unknowns; tables that share none meet in the grand total). A withheld cell whose bounds are fewer
than `width` apart is pinned. Prints 'N passed, N failed'; fails on any pinned cell."""
import itertools
import json
import os
import random
import subprocess
import sys
import tempfile

import numpy as np
from scipy.optimize import linprog
from scipy.sparse import lil_matrix

from server import WPS

WIDTH = 2


class Model:
    """Unknowns and equations of one or more published tables."""

    def __init__(self):
        self.lower, self.upper, self.equations = [], [], []
        self.shared = {}

    def variable(self, low, high, key=None):
        if key is not None and key in self.shared:
            return self.shared[key]
        self.lower.append(low)
        self.upper.append(high)
        index = len(self.lower) - 1
        if key is not None:
            self.shared[key] = index
        return index

    def add_table(self, table):
        """Adds a table; returns {(r, c): variable} for its withheld cells."""
        k = table["threshold"]
        rows, columns = table["dimensions"]
        cells = {}
        for r, row in enumerate(table["cells"]):
            for c, value in enumerate(row):
                if value is None:
                    primary = table["reasons"][r][c] == "primary"
                    cells[(r, c)] = self.variable(1 if primary else 0, k - 1 if primary else None)
        def margin(value, key):
            return ("const", value) if value is not None else ("var", self.variable(1, None, key))
        row_totals = [margin(v, (rows, table["rows"][i])) for i, v in enumerate(table["row_totals"])]
        column_totals = [margin(v, (columns, table["columns"][i])) for i, v in enumerate(table["column_totals"])]
        total = margin(table["total"], ("total",))
        def equation(terms, constant_terms, margin_value):
            coefficients = dict(terms)
            constant = -sum(constant_terms)
            if margin_value[0] == "const":
                constant += margin_value[1]
            else:
                coefficients[margin_value[1]] = coefficients.get(margin_value[1], 0) - 1
            if coefficients:
                self.equations.append((coefficients, constant))
        for r, row in enumerate(table["cells"]):
            equation([(cells[(r, c)], 1) for c in range(len(row)) if (r, c) in cells], [v for v in row if v is not None], row_totals[r])
        for c in range(len(table["columns"])):
            equation([(cells[(r, c)], 1) for r in range(len(table["rows"])) if (r, c) in cells],
                     [row[c] for row in table["cells"] if row[c] is not None], column_totals[c])
        for margins in (row_totals, column_totals):
            equation([(m[1], 1) for m in margins if m[0] == "var"], [m[1] for m in margins if m[0] == "const"], total)
        return cells

    def bounds(self, variable):
        n = len(self.lower)
        a = lil_matrix((len(self.equations), n))
        b = np.zeros(len(self.equations))
        for i, (coefficients, constant) in enumerate(self.equations):
            for j, value in coefficients.items():
                a[i, j] = value
            b[i] = constant
        a = a.tocsr()
        box = list(zip(self.lower, self.upper))
        result = []
        for sign in (1, -1):
            objective = np.zeros(n)
            objective[variable] = sign
            solved = linprog(objective, A_eq=a, b_eq=b, bounds=box, method="highs")
            if solved.status == 3:
                result.append(None)
            elif solved.status != 0:
                raise RuntimeError(f"the LP failed: {solved.message}")
            else:
                result.append(sign * solved.fun)
        return result[0], result[1]


def pinned_cells(tables):
    """Withheld cells of `tables[0]` (attacked together with the rest) narrowed below WIDTH."""
    model = Model()
    first = model.add_table(tables[0])
    for other in tables[1:]:
        model.add_table(other)
    found = []
    k = tables[0]["threshold"]
    for (r, c), variable in first.items():
        low, high = model.bounds(variable)
        need = min(WIDTH, k - 2) if tables[0]["reasons"][r][c] == "primary" else WIDTH
        if high is not None and high - low < need - 1e-6:
            found.append((tables[0]["dimensions"], tables[0]["rows"][r], tables[0]["columns"][c], low, high))
    return found


def attack(dataset):
    """Each table alone, then every two tables together; returns pinned cells."""
    tables = [t for t in dataset["tables"] if any(v is None for row in t["cells"] for v in row)]
    found = []
    for table in tables:
        found += pinned_cells([table])
    for first, second in itertools.permutations(dataset["tables"], 2):
        if not any(v is None for row in first["cells"] for v in row):
            continue
        # Two tables are linked through a dimension they share, or the grand total.
        shared = set(first["dimensions"]) & set(second["dimensions"])
        withheld_link = any(
            v is None for d in shared
            for t in (first, second)
            for v in (t["row_totals"] if t["dimensions"][0] == d else t["column_totals"])
        ) or first["total"] is None
        if withheld_link:
            found += pinned_cells([first, second])
    return found


def random_datasets(count, seed):
    generator = random.Random(seed)
    datasets = []
    for i in range(count):
        sizes = [generator.randint(2, 5) for _ in range(generator.randint(2, 4))]
        counts = []
        for labels in itertools.product(*[[f"{d}{j}" for j in range(size)] for d, size in enumerate(sizes)]):
            roll = generator.random()
            value = 0 if roll < 0.35 else generator.randint(1, 4) if roll < 0.6 else generator.randint(5, 40)
            if value:
                counts.append({"labels": list(labels), "count": value})
        datasets.append({"id": f"random-{seed}-{i}", "dimensions": [f"d{d}" for d in range(len(sizes))], "counts": counts})
    return datasets


def main():
    passed = failed = 0
    checked = []
    with tempfile.TemporaryDirectory() as folder:
        database = os.path.join(folder, "wps.sqlite")
        subprocess.run([WPS, "demo", "load", "--database", database], check=True, capture_output=True)
        for dataset_id in range(1, 10):
            out = subprocess.run([WPS, "privacy", "export", "--dataset", str(dataset_id), "--database", database],
                                 check=True, capture_output=True, text=True).stdout
            checked += json.loads(out)["datasets"]
    count = int(os.environ.get("WPS_ATTACK_RANDOM", "300"))
    request = json.dumps({"datasets": random_datasets(count, seed=2026)})
    out = subprocess.run([WPS, "privacy", "protect"], input=request, check=True, capture_output=True, text=True).stdout
    checked += json.loads(out)["datasets"]
    withheld = cells = 0
    for dataset in checked:
        withheld += dataset["withheld_cells"]
        cells += dataset["non_zero_cells"]
        found = attack(dataset)
        if found or dataset["unprotectable"]:
            failed += 1
            print(f"dataset {dataset['id']}: {len(found)} pinned cells, e.g. {found[:3]}; unprotectable {dataset['unprotectable']}")
        else:
            passed += 1
    print(f"cells withheld: {withheld} of {cells} non-zero ({100 * withheld / max(cells, 1):.1f} %)")
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
