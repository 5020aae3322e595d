"""``hoshin unit set|remove|list``, ``person set|remove``, ``function add|list``: every fact
of the organisation can be recorded, corrected and taken back from the command line."""

from __future__ import annotations

import json

import pytest

from tests.hoshin.clitools import Cli


def test_units_are_listed_as_a_tree_with_level_function_and_people(acme: Cli) -> None:
    acme("unit add PATH --name Assembly --parent PLT --code T-AS -q")
    assert acme("unit list PATH").splitlines() == [
        "CO             Acme                           Company      –                    1 person",
        "  PLT          Plant                          Division     Operations           1 person",
        "    T-AS       Assembly                       Department   –",
    ]
    listed = json.loads(acme("unit list PATH --json"))
    assert listed[2] == {
        "code": "T-AS",
        "name": "Assembly",
        "parent": "PLT",
        "level": "Department",
        "function": None,
        "depth": 2,
        "people": 0,
    }


def test_a_unit_is_renamed_and_given_a_level_and_function(acme: Cli) -> None:
    assert (
        acme("unit set PATH plt --name 'Plant Leeds' --level Site --function Quality")
        == "PLT: name Plant Leeds, level Site, function Quality"
    )
    assert acme("unit set PATH PLT --function ''") == "PLT: no function"
    unit = json.loads(acme("unit list PATH --json"))[1]
    assert (unit["name"], unit["level"], unit["function"]) == ("Plant Leeds", "Site", None)
    assert acme("unit set PATH PLT --name Plant -q") == ""


def test_unit_set_refuses_what_it_cannot_do_in_one_line(acme: Cli) -> None:
    assert acme.fails("unit set PATH PLT") == (
        "Nothing to change: give --name, --level or --function."
    )
    assert acme.fails("unit set PATH PLT --function Legal").startswith(
        "Unknown function 'Legal'; the plan has Customer service, Finance, HR, IT, "
    )
    assert acme.fails("unit set PATH NOPE --name X") == "No unit NOPE in this plan."
    assert acme.fails("unit set PATH PLT --name '  '") == "The unit name cannot be empty."


def test_a_unit_with_roles_goes_only_with_yes_and_says_what_went(acme: Cli) -> None:
    acme("unit add PATH --name Paint --parent PLT --code PNT -q")
    acme("role set PATH Helen CO executive -q")
    acme("role set PATH Gareth PNT manager -q")
    assert acme.fails("unit remove PATH PNT") == (
        "Removing PNT also removes 1 role on it: Gareth as manager. Add --yes to remove it "
        "with them."
    )
    assert acme("unit remove PATH PNT --yes") == (
        "Removed PNT Paint; also gone: 1 role on it: Gareth as manager"
    )
    assert "PNT" not in acme("role list PATH")
    acme("unit add PATH --name Paint --parent PLT --code PNT -q")
    assert acme("unit remove PATH PNT") == "Removed PNT Paint"


def test_a_unit_the_plan_keeps_is_refused_by_the_core_whatever_yes_says(acme: Cli) -> None:
    assert acme.fails("unit remove PATH PLT --yes") == (
        "PLT still has people; move or delete them first."
    )
    assert acme.fails("unit remove PATH CO --yes") == "CO is the top unit; a plan keeps it."
    acme("person remove PATH Gareth")
    assert acme("unit remove PATH PLT") == "Removed PLT Plant"


def test_a_person_is_renamed_and_moved(acme: Cli) -> None:
    assert acme("person set PATH Gareth --name 'Gareth Lee'") == "P-2: name Gareth Lee"
    assert acme("person set PATH 'gareth lee' --unit co") == "P-2: unit CO Acme"
    assert acme("person list PATH").splitlines() == [
        "P-1    Helen                    CO       Acme",
        "P-2    Gareth Lee               CO       Acme",
    ]
    assert (
        acme.fails("person set PATH Gareth") == "Nothing to change: give --name, --unit or --email."
    )
    assert acme.fails("person set PATH Nobody --name X") == "No person Nobody in this plan."


def test_a_person_who_owns_goes_only_with_yes_and_keeps_the_history(acme: Cli) -> None:
    acme("set PATH KPI-1 --owner Gareth -q")
    acme("role set PATH Helen CO executive -q")
    acme("role set PATH Gareth PLT manager -q")
    assert acme.fails("person remove PATH Gareth") == (
        "Removing P-2 Gareth also takes away ownership of KPI-1; role manager of PLT. Add "
        "--yes to remove them all the same."
    )
    assert acme("person remove PATH P-2 --yes") == (
        "Removed P-2 Gareth (PLT); also gone: ownership of KPI-1; role manager of PLT"
    )
    assert "owner" not in acme("show PATH KPI-1")
    assert acme("role list PATH").splitlines() == [
        "CO       Acme                         executive  P-1    Helen"
    ]
    # Helen's edits are recorded under her name: the plan keeps her, --yes or not.
    assert acme.fails("person remove PATH Helen --yes") == (
        "Helen made edits that the history keeps under their name, so they cannot be removed."
    )


def test_functions_are_added_and_listed_with_what_uses_them(acme: Cli) -> None:
    assert acme("function add PATH Legal") == "Function Legal added (11 functions in the plan)"
    assert acme.fails("function add PATH legal") == "The function legal exists already."
    acme("unit set PATH PLT --function Legal -q")
    listed = acme("function list PATH").splitlines()
    assert listed[0] == "Sales                      0 units  0 kaizens"
    assert listed[-1] == "Legal                       1 unit  0 kaizens"
    assert json.loads(acme("function list PATH --json"))[-1] == {
        "id": 11,
        "name": "Legal",
        "units": 1,
        "kaizens": 0,
    }


def test_roles_decide_who_may_change_the_organisation(
    acme: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    acme("role set PATH Helen CO executive -q")
    acme("role set PATH Gareth PLT manager -q")
    monkeypatch.setenv("HOSHIN_PERSON", "Gareth")
    # A manager staffs his unit, on a file plan also renaming people ...
    assert acme("person add PATH --name Tara --unit PLT -q") == "P-3"
    assert acme("person set PATH Tara --name 'Tara Singh'") == "P-3: name Tara Singh"
    assert acme("person remove PATH 'Tara Singh'") == "Removed P-3 Tara Singh (PLT)"
    # ... but units, people elsewhere and functions are an executive's business.
    assert acme.fails("unit set PATH PLT --name Works") == (
        "Gareth may not change units: that needs the executive role on PLT or a unit above it "
        "(Gareth has manager there)."
    )
    assert acme.fails("person set PATH Gareth --unit CO") == (
        "Gareth may not move people into CO: that needs the manager role on CO or a unit "
        "above it (Gareth has no role there)."
    )
    assert acme.fails("function add PATH Legal").startswith(
        "Gareth may not add the plan's functions: that needs the executive role on CO"
    )


def test_a_person_is_given_an_email_address(acme: Cli) -> None:
    assert acme("person set PATH Gareth --email gareth@acme.example") == (
        "P-2: e-mail gareth@acme.example"
    )
    assert json.loads(acme("person list PATH --json"))[1]["email"] == "gareth@acme.example"
    assert acme("person list PATH").splitlines()[1] == (
        "P-2    Gareth                   PLT      Plant  <gareth@acme.example>"
    )
    assert acme.fails("person set PATH Gareth --email gareth@acme") == (
        "gareth@acme is not an e-mail address (like name@example.com)."
    )
    assert acme("person set PATH Gareth --email ''") == "P-2: no e-mail address"
