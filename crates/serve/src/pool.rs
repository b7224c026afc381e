//! A small pool of store connections. Store calls block (SQLite, the sync PostgreSQL client),
//! so handlers run them on tokio's blocking threads through [`run`], each holding one
//! connection for the length of the call.

use std::sync::{Condvar, Mutex};

use sitrep_store::Store;

use crate::{ApiError, AppState};

/// Free connections and a wait for one.
pub struct Pool {
    free: Mutex<Vec<Box<dyn Store>>>,
    returned: Condvar,
}

impl Pool {
    /// A pool of these connections.
    pub fn new(stores: Vec<Box<dyn Store>>) -> Self {
        Self {
            free: Mutex::new(stores),
            returned: Condvar::new(),
        }
    }

    /// Calls `f` with a connection, waiting for one to be free.
    pub fn with<T>(
        &self,
        f: impl FnOnce(&mut dyn Store) -> Result<T, ApiError>,
    ) -> Result<T, ApiError> {
        let poisoned = |_| ApiError::Internal("store pool poisoned".into());
        let mut store = {
            let mut free = self.free.lock().map_err(poisoned)?;
            loop {
                if let Some(s) = free.pop() {
                    break s;
                }
                free = self.returned.wait(free).map_err(poisoned)?;
            }
        };
        let out = f(store.as_mut());
        self.free.lock().map_err(poisoned)?.push(store);
        self.returned.notify_one();
        out
    }
}

/// Runs `f` with a store connection on the blocking pool.
pub async fn run<T: Send + 'static>(
    app: &AppState,
    f: impl FnOnce(&mut dyn Store) -> Result<T, ApiError> + Send + 'static,
) -> Result<T, ApiError> {
    let app = app.clone();
    tokio::task::spawn_blocking(move || app.pool.with(f))
        .await
        .map_err(|e| ApiError::Internal(format!("store task failed: {e}")))?
}
