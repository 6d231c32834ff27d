//! A project that uses `vendor-apis`: it keeps EnergyCAP place groups and Capillary user groups in
//! step with its own records. Nothing here knows about mocks; its tests (`tests/against_mock.rs`)
//! run it against the mock servers the crate offers under its `mock` feature, as any project
//! depending on the crate would.

use vendor_apis::capillary::{self, client as capillary_client};
use vendor_apis::energycap::{self, client as energycap_client};
use vendor_apis::support::{self, ReqwestTransport};

/// What went wrong, as this project reports it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// The vendor refused our credentials.
    Unauthorized,
    /// The vendor refused the call with this status; its message as sent.
    Refused { status: u16, message: String },
    /// Nothing was sent: the request breaks the vendor's documented rules.
    Invalid(String),
    /// The answer lacks something we need.
    Incomplete(&'static str),
    /// The call did not get through.
    Failed(String),
}

impl<E: support::ApiError> From<support::Error<E>> for Problem {
    fn from(error: support::Error<E>) -> Self {
        match &error {
            support::Error::Validation(errors) => Problem::Invalid(errors.to_string()),
            _ => match error.status() {
                Some(status) if status.as_u16() == 401 => Problem::Unauthorized,
                Some(status) => {
                    let message = error.raw_body().map(|body| body.text().into_owned()).unwrap_or_default();
                    Problem::Refused { status: status.as_u16(), message }
                }
                None => Problem::Failed(error.to_string()),
            },
        }
    }
}

/// EnergyCAP place groups, as this project manages them.
pub struct PlaceGroups {
    client: energycap_client::Client<ReqwestTransport>,
}

impl PlaceGroups {
    /// Groups of the EnergyCAP environment at `base_url`, reached with `api_key`.
    pub fn new(base_url: &str, api_key: &str) -> Self {
        // Our tests and our jobs both want a quick answer.
        let client = energycap_client::Client::new(base_url)
            .with_auth(energycap_client::Auth::ApiKey(api_key.into()))
            .with_retry(vendor_apis::support::RetryPolicy::NONE);
        PlaceGroups { client }
    }

    /// Renames auto group `id`, keeping its category, topmost setting and filters: reads it,
    /// then writes it back under the new name. Returns the group as the vendor now has it.
    pub async fn rename(&self, id: i32, name: &str) -> Result<energycap::GroupPlaceGroupResponse, Problem> {
        let current = self.client.get_place_group_v3(id).send().await?.into_inner();
        let category = current
            .place_group_category
            .as_ref()
            .and_then(|category| category.place_group_category_id)
            .ok_or(Problem::Incomplete("placeGroupCategory.placeGroupCategoryId"))?;
        // An edit sends the membership again: the filters of an auto group.
        let filters: Vec<energycap::FilterEdit> = current
            .user_defined_auto_group_filters
            .as_deref()
            .ok_or(Problem::Incomplete("userDefinedAutoGroupFilters"))?
            .iter()
            .map(|filter| energycap::FilterEdit::new(filter.field_id, filter.operator.as_str()).with_value(filter.value.as_str()))
            .collect();
        let topmost = current.limit_members_by_topmost.unwrap_or(false);
        let request = energycap::PlaceGroupRequest::new(topmost, category, name).with_automatic_group_filters(filters);
        Ok(self.client.edit_place_group_v3(id, &request).send().await?.into_inner())
    }

    /// Makes group `id` a manual group of exactly `members`.
    pub async fn set_members(&self, id: i32, category: i32, name: &str, members: &[i32]) -> Result<i32, Problem> {
        let request = energycap::PlaceGroupRequest::new(false, category, name).with_manual_group_members(members.to_vec());
        let group = self.client.edit_place_group_v3(id, &request).send().await?.into_inner();
        group.member_count.ok_or(Problem::Incomplete("memberCount"))
    }

    /// Refreshes the members of user-defined auto group `id`; returns how many it has now.
    pub async fn refresh(&self, id: i32) -> Result<i32, Problem> {
        let group = self.client.recalculate_user_place_auto_group_memebership_v3(id).send().await?.into_inner();
        group.member_count.ok_or(Problem::Incomplete("memberCount"))
    }
}

/// Capillary user groups, as this project manages them.
pub struct UserGroups {
    client: capillary_client::Client<ReqwestTransport>,
}

impl UserGroups {
    /// User groups of the Capillary cluster at `base_url`, reached with HTTP Basic credentials.
    /// `check_locally: false` leaves the checks to Capillary (our batch jobs send what they are
    /// given and report what the vendor says).
    pub fn new(base_url: &str, username: &str, password: &str, check_locally: bool) -> Self {
        let auth = capillary_client::Auth::BasicAuth { username: username.to_owned(), password: password.into() };
        let mut client = capillary_client::Client::new(base_url).with_auth(auth);
        client.config_mut().validate = check_locally;
        client.config_mut().retry.max_retries = 0;
        UserGroups { client }
    }

    /// Renames group `id` and caps its size; returns the warnings Capillary sent back.
    pub async fn update(&self, id: i32, name: &str, max_size: i32) -> Result<Vec<String>, Problem> {
        let request = capillary::UserGroupUpdateRequest::new(id, name).with_max_group_size(max_size);
        let group = self.client.update_user_group(&request).send().await?.into_inner();
        let warnings = group.warnings.unwrap_or_default();
        Ok(warnings
            .iter()
            .map(|warning| match warning {
                capillary::MessageItem::ApiMessage(message) => message.message.clone().unwrap_or_default(),
                other => format!("{other:?}"),
            })
            .collect())
    }
}
