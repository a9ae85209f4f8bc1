from vk.complaints.tests.helpers import director_a, officer_a, officer_b  # noqa: F401
from vk.dossiers.tests.fixtures import dossier, help_report, worker_a  # noqa: F401
