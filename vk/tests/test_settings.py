from __future__ import annotations

import re
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)


def test_every_environment_variable_is_documented_in_env_example() -> None:
    source = (ROOT / "vk" / "settings.py").read_text()
    variables = set(re.findall(r'env_(?:str|bool|int|list|secret)\(\s*"([A-Z0-9_]+)"', source))
    documented = set(re.findall(r"^#?\s*([A-Z0-9_]+)=", (ROOT / ".env.example").read_text(), re.M))
    assert variables, "no variables found in settings.py"
    assert variables <= documented, sorted(variables - documented)
