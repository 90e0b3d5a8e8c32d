//! One test binary for pystart's integration tests: each module drives the real `pystart`
//! binary in temporary folders (`common` holds the shared helpers and the fixture template).

mod common;

mod architecture;
mod batch;
mod concept_notes;
mod custom;
mod explain;
mod grade;
mod index;
mod interactive;
mod lang;
mod list_info;
mod new;
mod polish;
mod props;
mod safety;
mod shared_python;
mod snapshots;
mod strip;
mod update;
mod uv;
mod verify;
mod wheel;
