"""Bad input on the API is a 4xx with a clear message, never a server error: the `.json`
variant of every custom action, numbers written with characters int() refuses ("²") or in
other scripts' digits ("٣") in every numeric parameter, JSON nested thousands deep, and
characters no database can store. Routes and parameters are enumerated from the URL
resolver and the OpenAPI schema, so that new ones are covered without editing this file."""

from __future__ import annotations

import io
import json
import re
from collections.abc import Iterator
from typing import Any

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import translation
from drf_spectacular.generators import SchemaGenerator
from rest_framework.exceptions import ParseError
from rest_framework.test import APIClient

from campaigns.models import Activity
from common.parsers import MAX_JSON_DEPTH, PortalJSONParser, check_json
from reporting.models import Report
from tests.api.conftest import visible_ids

pytestmark = pytest.mark.django_db

STANDARD_ACTIONS = {"list", "create", "retrieve", "update", "partial_update", "destroy"}
TOO_DEEP_VI = "Dữ liệu JSON lồng nhau quá sâu"
TOO_DEEP_EN = "nested too deeply"


def _api(user: Any, language: str = "vi") -> APIClient:
    # As a browser's session would be: a view that forgets csrf_exempt answers 403.
    client = APIClient(enforce_csrf_checks=True, HTTP_ACCEPT_LANGUAGE=language)
    client.force_authenticate(user)
    return client


def _url_patterns(resolver: URLResolver | None = None) -> Iterator[URLPattern]:
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            yield from _url_patterns(pattern)
        else:
            yield pattern


def custom_action_suffix_routes() -> list[tuple[URLPattern, dict[str, str]]]:
    """Routes of viewset @actions with a format suffix (`.../cascade.json`)."""
    return [
        # A copy: DRF adds "head" to the view's own mapping as it serves a GET.
        (pattern, dict(pattern.callback.actions))  # type: ignore[attr-defined]
        for pattern in _url_patterns()
        if "(?P<format>" in str(pattern.pattern)
        and set(getattr(pattern.callback, "actions", {}).values()) - STANDARD_ACTIONS
    ]


def _first_segment(path: str) -> str:
    """ "units" of /api/v1/units/{id}/ and of ^units/(?P<pk>...)$; "auth" of auth/tokens."""
    return path.removeprefix("/api/v1/").lstrip("^").split("/")[0]


def test_every_custom_action_answers_on_its_json_suffix(world: Any, hy_leader: Any) -> None:
    routes = custom_action_suffix_routes()
    assert len(routes) >= 11  # cascade, totals, evidence, the report workflow, read, read-all
    api, visible = _api(hy_leader), visible_ids(hy_leader)
    for pattern, actions in routes:
        regex = str(pattern.pattern)
        pools = {"pk": visible.get(_first_segment(regex)) or [0], "eid": visible["eid"] or [0]}
        kwargs = {
            name: pools[name][0] for name in re.findall(r"\(\?P<(\w+)>", regex) if name in pools
        }
        suffixed = reverse(pattern.name, kwargs={**kwargs, "format": "json"})
        plain = reverse(pattern.name, kwargs=kwargs)
        assert suffixed.endswith(".json") and not plain.endswith(".json")
        for method in sorted(set(actions) - {"head"}):
            answer = getattr(api, method)(suffixed)
            assert answer.status_code < 500, (method, suffixed)
            assert answer["Content-Type"] == "application/json", (method, suffixed)
            if method == "get":
                same = api.get(plain)
                assert (answer.status_code, answer.json()) == (same.status_code, same.json())


def _schema() -> dict[str, Any]:
    return SchemaGenerator().get_schema(request=None, public=True)  # type: ignore[no-any-return]


def _fill(path: str, visible: dict[str, list[int]]) -> str:
    resource = _first_segment(path)
    pools = {"id": visible.get(resource) or [0], "eid": visible["eid"] or [0]}
    return re.sub(r"\{(\w+)\}", lambda m: str(pools[m.group(1)][0]), path)


def numeric_parameters() -> list[tuple[str, str, str, str]]:
    """(method, path, location, name) of every integer parameter, every id in a path
    (digit strings in the schema) and the cursor."""
    found = []
    for path, operations in _schema()["paths"].items():
        for method, operation in operations.items():
            for parameter in operation.get("parameters", []):
                schema = parameter.get("schema", {})
                numeric = schema.get("type") == "integer" or parameter["in"] == "path"
                if numeric or parameter["name"] == "cursor":
                    found.append((method, path, parameter["in"], parameter["name"]))
    return found


def _without_links(body: Any) -> Any:
    """A page's links repeat the query string as sent; the rest must be the same."""
    if isinstance(body, dict):
        return {k: v for k, v in body.items() if k not in ("next", "previous")}
    return body


# Digits int() refuses, a doubled sign, a number too long to convert, one too big for a
# 64-bit column in Arabic-Indic digits.
MALFORMED = ["²", "¹²", "--5", "9" * 5000, "٣" * 21]


def test_odd_digits_in_numeric_query_parameters_are_a_4xx(world: Any, hy_leader: Any) -> None:
    api, visible = _api(hy_leader), visible_ids(hy_leader)
    queries = [(m, p, n) for m, p, where, n in numeric_parameters() if where == "query"]
    assert {"page", "page_size", "cursor", "year", "parent", "unit", "deadline"} <= {
        name for _, _, name in queries
    }
    for method, path, name in queries:
        if method != "get":
            continue
        url = _fill(path, visible)
        for value in MALFORMED:
            answer = api.get(url, {name: value})
            assert answer.status_code < 500, (url, name, value)
            assert answer["Content-Type"] == "application/json", (url, name, value)
            if name == "page_size":  # an invalid page size means the default one (DRF)
                assert answer.status_code == 200
            elif name in ("page", "cursor"):
                assert answer.status_code == 404, (url, name, value)
                assert "không hợp lệ" in answer.json()["detail"]
            else:
                assert answer.status_code == 400 and name in answer.json(), (url, name, value)


def test_other_scripts_digits_read_as_the_same_number(world: Any, hy_leader: Any) -> None:
    """As int() and Django's forms read them: "٣" (Arabic-Indic three) is 3."""
    api, visible = _api(hy_leader), visible_ids(hy_leader)
    for method, path, where, name in numeric_parameters():
        if where != "query" or method != "get" or name == "cursor":
            continue
        url = _fill(path, visible)
        for ascii_digits, other in (("3", "٣"), ("1", "১"), ("2025", "２０２５")):
            answer, same = api.get(url, {name: other}), api.get(url, {name: ascii_digits})
            assert answer.status_code == same.status_code < 500, (url, name, other)
            assert _without_links(answer.json()) == _without_links(same.json()), (url, name)


def test_odd_digits_in_ids_of_paths_are_a_json_404(world: Any, hy_leader: Any) -> None:
    api, visible = _api(hy_leader), visible_ids(hy_leader)
    paths = {(m, p, n) for m, p, where, n in numeric_parameters() if where == "path"}
    assert len({p for _, p, _ in paths}) >= 10
    for method, path, name in sorted(paths):
        for value in ("²", "٣", "9" * 40, "a\nb"):
            url = _fill(path.replace("{" + name + "}", value), visible)
            answer = getattr(api, method)(url)
            assert answer.status_code == 404, (method, url)
            assert answer.json() == {"detail": "Không tìm thấy."}, (method, url)


def _nested(depth: int, kind: str) -> str:
    return ('{"a":' * depth + "1" + "}" * depth) if kind == "object" else "[" * depth + "]" * depth


def json_body_operations() -> list[tuple[str, str]]:
    return [
        (method, path)
        for path, operations in _schema()["paths"].items()
        for method, operation in operations.items()
        if "application/json" in operation.get("requestBody", {}).get("content", {})
    ]


@pytest.mark.parametrize("kind", ["array", "object"])
def test_json_nested_thousands_deep_is_a_400_that_says_so(
    world: Any, hy_leader: Any, kind: str
) -> None:
    operations = json_body_operations()
    assert len(operations) >= 8
    visible = visible_ids(hy_leader)
    for language, message in (("vi", TOO_DEEP_VI), ("en", TOO_DEEP_EN)):
        api = _api(hy_leader, language)
        for method, path in operations:
            url = _fill(path, visible)
            body = _nested(5000, kind)
            answer = getattr(api, method)(url, body, content_type="application/json")
            assert answer.status_code == 400, (method, url, answer.content[:200])
            assert message in answer.json()["detail"], (method, url)


def test_nesting_is_refused_just_past_the_limit() -> None:
    check_json(json.loads(_nested(MAX_JSON_DEPTH, "array")))
    check_json(json.loads(_nested(MAX_JSON_DEPTH, "object")))
    for kind in ("array", "object"):
        with translation.override("vi"), pytest.raises(ParseError, match="lồng nhau quá sâu"):
            PortalJSONParser().parse(io.BytesIO(_nested(MAX_JSON_DEPTH + 1, kind).encode()))


@pytest.mark.parametrize(
    "raw",
    [
        '{"results": "Kết quả\\u0000 ẩn"}',
        '{"results": "nửa cặp \\ud800 thay thế"}',
        '{"results": "ok", "\\u0000": 1}',
    ],
)
def test_characters_no_database_stores_are_a_400_and_change_nothing(world: Any, raw: str) -> None:
    deadline = world["hy_deadline"]
    answer = _api(world["hy_reporter"]).patch(
        f"/api/v1/deadlines/{deadline.pk}/report/", raw, content_type="application/json"
    )
    assert answer.status_code == 400
    assert "ký tự không hợp lệ" in answer.json()["detail"]
    assert Report.objects.get(deadline=deadline).results == "Đã tuyên truyền"


def test_nul_in_a_form_body_of_put_or_patch_is_a_400(world: Any) -> None:
    """Django parses only POST forms (RejectNulMiddleware reads those); DRF parses the rest."""
    activity = Activity.objects.get(unit__key="hy/btgdv")
    api = _api(world["hy_reporter"], "en")
    url = f"/api/v1/activities/{activity.pk}/"
    form = api.patch(
        url, "title=Ph%C3%A1t%00thanh", content_type="application/x-www-form-urlencoded"
    )
    multipart = api.patch(url, {"title": "Phát\x00thanh"}, format="multipart")
    for answer in (form, multipart):
        assert answer.status_code == 400
        assert "invalid character" in answer.json()["detail"]
    assert Activity.objects.get(pk=activity.pk).title == "Phát thanh Nghị quyết 57"


def test_nul_in_the_query_is_a_json_400_on_the_api(hy_leader: Any, client: Any) -> None:
    answer = _api(hy_leader).get("/api/v1/units/", {"q": "a\x00b"})
    print(answer.status_code, answer.content[:300])
    assert answer.status_code == 400 and "NUL" in answer.json()["detail"]
    client.force_login(hy_leader)
    page = client.get("/plans/", {"q": "a\x00b"})
    assert page.status_code == 400 and page["Content-Type"].startswith("text/plain")
