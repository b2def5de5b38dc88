"""Rule profiles: which rules run, how severe they are, and their parameters, per payer.

Payers differ: one rejects an unspecified diagnosis, another wants a sex/diagnosis edit that CMS
dropped, a commercial plan gives 90 days to file. A profile starts from the catalogue's defaults
and layers, in order, its own ``rules``, then the settings for the payer's type
(``payer_types.medicare``), then those for the payer id (``payers."60054"``). Each setting may
enable or disable a rule, override its severity, and set parameters (``days`` for
``ADM-TIMELY-FILING``). Profiles are built in code or read from TOML or JSON.

More information: the default profile is documented in ``docs/claims.md``.

>>> profile = Profile.from_toml('''
... name = "acme"
... [rules.DX-UNSPECIFIED]
... enabled = true
... severity = "warning"
... [payers."60054".rules.ADM-TIMELY-FILING]
... days = 90
... ''')
>>> profile.setting_for("DX-UNSPECIFIED", payer_id="00001", payer_type="commercial").severity
<Severity.WARNING: 'warning'>
>>> profile.setting_for("ADM-TIMELY-FILING", payer_id="60054", payer_type="commercial").params
{'days': 90}
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, final

import attrs

from medoffice.kernel import InvalidValue, Severity
from medoffice.kernel.inputs import parse_json, parse_toml

__all__ = ["Profile", "RuleSetting"]

Param = int | str | bool


def _severity(value: Severity | str | None) -> Severity | None:
    if value is None or isinstance(value, Severity):
        return value
    try:
        return Severity(value)
    except ValueError:
        raise InvalidValue(f"{value!r} is not a severity (error, warning or info)") from None


def _params(value: Mapping[str, Param]) -> dict[str, Param]:
    return dict(value)


@final
@attrs.frozen(kw_only=True)
class RuleSetting:
    """How one profile layer sets one rule; ``None`` leaves the layer below in effect."""

    enabled: bool | None = None
    severity: Severity | None = attrs.field(default=None, converter=_severity)
    params: dict[str, Param] = attrs.field(factory=dict, converter=_params, hash=False)

    def over(self, below: RuleSetting) -> RuleSetting:
        """This setting laid over ``below``."""
        return RuleSetting(
            enabled=below.enabled if self.enabled is None else self.enabled,
            severity=below.severity if self.severity is None else self.severity,
            params={**below.params, **self.params},
        )


_Layer = Mapping[str, RuleSetting]


def _layer(value: Mapping[str, RuleSetting]) -> dict[str, RuleSetting]:
    return dict(value)


def _layers(value: Mapping[str, Mapping[str, RuleSetting]]) -> dict[str, dict[str, RuleSetting]]:
    return {key: dict(layer) for key, layer in value.items()}


@final
@attrs.frozen(kw_only=True)
class Profile:
    """A named set of rule settings, with per-payer-type and per-payer layers."""

    name: str = "default"
    rules: dict[str, RuleSetting] = attrs.field(factory=dict, converter=_layer, hash=False)
    payer_types: dict[str, dict[str, RuleSetting]] = attrs.field(
        factory=dict, converter=_layers, hash=False
    )
    payers: dict[str, dict[str, RuleSetting]] = attrs.field(
        factory=dict, converter=_layers, hash=False
    )

    def setting_for(self, rule: str, *, payer_id: str, payer_type: str) -> RuleSetting:
        """The profile's combined setting for ``rule`` on a claim to this payer."""
        setting = RuleSetting()
        for layer in (
            self.rules,
            self.payer_types.get(str(payer_type), {}),
            self.payers.get(payer_id, {}),
        ):
            found = layer.get(rule)
            if found is not None:
                setting = found.over(setting)
        return setting

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any]) -> Profile:
        """Read the TOML/JSON shape: ``name``, ``rules``, ``payer_types``, ``payers``."""
        if not isinstance(data, Mapping):
            raise InvalidValue("a profile is a table (object) at the top level")
        unknown = set(data) - {"name", "rules", "payer_types", "payers"}
        if unknown:
            raise InvalidValue(f"unknown profile keys: {', '.join(sorted(unknown))}")
        name = data.get("name", "profile")
        if not isinstance(name, str):
            raise InvalidValue("the profile's name is a string")
        return cls(
            name=name,
            rules=_read_layer(data.get("rules", {}), "rules"),
            payer_types=_read_nested(data.get("payer_types", {}), "payer_types"),
            payers=_read_nested(data.get("payers", {}), "payers"),
        )

    @classmethod
    def from_toml(cls, text: str) -> Profile:
        """Parse a TOML profile."""
        return cls.from_mapping(parse_toml(text, source="the profile"))

    @classmethod
    def from_json(cls, text: str) -> Profile:
        """Parse a JSON profile."""
        return cls.from_mapping(parse_json(text, source="the profile"))


def _read_nested(data: object, where: str) -> dict[str, dict[str, RuleSetting]]:
    if not isinstance(data, Mapping):
        raise InvalidValue(f"{where} is a table of tables")
    result: dict[str, dict[str, RuleSetting]] = {}
    for key, value in data.items():
        if not isinstance(value, Mapping) or set(value) - {"rules"}:
            raise InvalidValue(f"{where}.{key} holds only a 'rules' table")
        result[str(key)] = _read_layer(value.get("rules", {}), f"{where}.{key}.rules")
    return result


def _read_layer(data: object, where: str) -> dict[str, RuleSetting]:
    if not isinstance(data, Mapping):
        raise InvalidValue(f"{where} is a table keyed by rule id")
    layer: dict[str, RuleSetting] = {}
    for rule, value in data.items():
        if not isinstance(value, Mapping):
            raise InvalidValue(f"{where}.{rule} is a table")
        enabled = value.get("enabled")
        if enabled is not None and not isinstance(enabled, bool):
            raise InvalidValue(f"{where}.{rule}.enabled is true or false")
        severity = value.get("severity")
        if severity is not None and not isinstance(severity, str):
            raise InvalidValue(f"{where}.{rule}.severity is error, warning or info")
        params: dict[str, Param] = {}
        for key, param in value.items():
            if key in {"enabled", "severity"}:
                continue
            if not isinstance(param, int | str | bool):
                raise InvalidValue(f"{where}.{rule}.{key} is a number, string or boolean")
            params[key] = param
        layer[str(rule)] = RuleSetting(enabled=enabled, severity=severity, params=params)
    return layer
