from vk.dossiers.tests.fixtures import dossier, help_report, worker_a  # noqa: F401
