"""The world every area-scoping test uses, and assertions to reuse for every model.

Two TAOs in two provinces (Kalasin and Chiang Mai), a second TAO in the same district as the first,
a district officer and a provincial officer of Kalasin, and an admin. A later register only needs
to make one record in `tao_a`'s area and one in `tao_b`'s, then call `assert_scoped`.
"""

from dataclasses import dataclass

from registry.models import Office, User
from registry.scoping import Role
from tests.factories import UserFactory, district_office, province_office, tao_office


@dataclass
class ScopeWorld:
    office_a: Office  # อบต.ลำปาว, อ.เมืองกาฬสินธุ์, จ.กาฬสินธุ์
    office_a2: Office  # อบต.โพนทอง, same district as office_a
    office_b: Office  # ต.ช้างคลาน, อ.เมืองเชียงใหม่, จ.เชียงใหม่
    tao_a: User
    tao_a2: User
    tao_b: User
    district_a: User  # district officer of อ.เมืองกาฬสินธุ์
    province_a: User  # provincial officer of กาฬสินธุ์
    province_b: User  # provincial officer of เชียงใหม่
    admin: User

    SUB_A = "460105"
    SUB_A2 = "460119"
    SUB_B = "500105"

    @classmethod
    def build(cls) -> "ScopeWorld":
        office_a, office_a2, office_b = tao_office(cls.SUB_A), tao_office(cls.SUB_A2), tao_office(cls.SUB_B)
        return cls(
            office_a=office_a,
            office_a2=office_a2,
            office_b=office_b,
            tao_a=UserFactory(username="tao_a", office=office_a),
            tao_a2=UserFactory(username="tao_a2", office=office_a2),
            tao_b=UserFactory(username="tao_b", office=office_b),
            district_a=UserFactory(
                username="district_a", role=Role.DISTRICT_OFFICER, office=district_office("4601")
            ),
            province_a=UserFactory(
                username="province_a", role=Role.PROVINCE_OFFICER, office=province_office("46")
            ),
            province_b=UserFactory(
                username="province_b", role=Role.PROVINCE_OFFICER, office=province_office("50")
            ),
            admin=UserFactory(username="admin_user", role=Role.ADMIN),
        )

    def users(self):
        return {
            name: getattr(self, name)
            for name in ("tao_a", "tao_a2", "tao_b", "district_a", "province_a", "province_b", "admin")
        }


def assert_scoped(
    client, url: str, *, visible_to, hidden_from, world: ScopeWorld, contains: str | None = None
):
    """GET `url` as each user: 200 (and `contains` in the page) for visible_to, 404 for hidden_from."""
    users = world.users()
    for name in visible_to:
        client.force_login(users[name])
        response = client.get(url)
        assert response.status_code == 200, f"{name} should see {url}, got {response.status_code}"
        if contains is not None:
            assert contains in response.content.decode(), f"{name} should see {contains!r} at {url}"
    for name in hidden_from:
        client.force_login(users[name])
        response = client.get(url)
        assert response.status_code == 404, f"{name} must not see {url}, got {response.status_code}"
    client.logout()


def assert_refused(response, reason=None):
    """A refusal inside the user's area: a 403 page that says why, in the policy's words."""
    import html

    assert response.status_code == 403, f"expected a 403 with the policy's reason, got {response.status_code}"
    body = html.unescape(response.content.decode())
    assert 'id="refusal-reason"' in body, body[:200]
    if reason is not None:
        assert str(reason) in body, f"{reason!s} not in the page"


def assert_refused_for(client, url: str, *, refused_to, world: ScopeWorld, method="get", data=None):
    """GET (or POST) `url` as each user in `refused_to`: each gets the 403 page with the policy's reason."""
    users = world.users()
    for name in refused_to:
        client.force_login(users[name])
        response = getattr(client, method)(url, data or {})
        assert response.status_code == 403, (
            f"{name} should be refused {url} with a reason, got {response.status_code}"
        )
        assert_refused(response)
    client.logout()


def overlapping_staff(world: ScopeWorld) -> User:
    """A municipality covering office A's sub-district too, and one of its staff: it sees office A's
    records, as its area overlaps, but does not change them. Registered after office A, so office A keeps the
    sub-district's register records (registry/policies.py)."""
    from registry.models import OfficeKind

    office = tao_office(ScopeWorld.SUB_A, kind=OfficeKind.MUNICIPALITY)
    office.name = "เทศบาลตำบลลำปาว"
    office.save()
    return UserFactory(username="tao_overlap", office=office)
