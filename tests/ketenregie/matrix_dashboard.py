"""Access-matrix rows for the dashboard screens of ketenregie.

``ketenregie:start`` is in the main matrix (KR only). The dashboard shows figures of the
KR's own regio's only; a regio that is not theirs is refused by the form (400, see
``tests/ketenregie/test_dashboard.py``).
"""

from tests.matrixhulp import Rij, alleen

RIJEN: dict[str, Rij] = {
    "ketenregie:dashboard": Rij(alleen("kr")),
    # The dashboard's figures as CSV: the same roles and regio's as the page.
    "ketenregie:dashboard_csv": Rij(alleen("kr")),
}
