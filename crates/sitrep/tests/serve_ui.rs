//! The workbench's web UI in a real browser: Debian's chromium driven through chromedriver's
//! WebDriver HTTP API (W3C), against a real `sitrep serve` over a store `sitrep ingest`
//! filled. Search, a document with highlighted evidence, the ledger filtered and sorted, a
//! network edge clicked, a review saved and still there after a reload and a `recode`, and an
//! article carrying `<script>` shown as text. Screenshots go to `target/serve-ui/`.
//!
//! Skips (with a message) when chromium or chromedriver is missing; CI installs both.
#![allow(clippy::unwrap_used, clippy::print_stderr)]

mod support;

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use base64::Engine as _;
use serde_json::{Value, json};
use support::{Server, TOKEN, agent, fill, sitrep};

fn find_exe(env: &str, candidates: &[&str]) -> Option<PathBuf> {
    if let Ok(p) = std::env::var(env) {
        return Some(PathBuf::from(p));
    }
    candidates.iter().map(PathBuf::from).find(|p| p.exists())
}

/// A chromedriver process and one headless chromium session.
struct Browser {
    driver: Child,
    base: String,
    session: String,
    http: ureq::Agent,
    shots: PathBuf,
}

/// W3C's key for an element reference in JSON.
const ELEMENT: &str = "element-6066-11e4-a52e-4f735466cecf";

impl Browser {
    fn start(chromium: &Path, driver: &Path, profile: &Path) -> Self {
        let port = TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let child = Command::new(driver)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let http = agent();
        let base = format!("http://127.0.0.1:{port}");
        let t = Instant::now();
        while http.get(&format!("{base}/status")).call().is_err() {
            assert!(
                t.elapsed() < Duration::from_secs(30),
                "chromedriver did not start"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
        let caps = json!({"capabilities": {"alwaysMatch": {"browserName": "chrome",
            "goog:chromeOptions": {"binary": chromium, "args": ["--headless=new", "--no-sandbox",
                "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1400,1000",
                format!("--user-data-dir={}", profile.display())]}}}});
        let mut b = Self {
            driver: child,
            base,
            session: String::new(),
            http,
            shots: Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/serve-ui"),
        };
        let v = b.call("POST", "/session", Some(caps));
        b.session = v["sessionId"].as_str().expect("a session").to_owned();
        std::fs::create_dir_all(&b.shots).unwrap();
        b
    }

    fn call(&self, method: &str, path: &str, body: Option<Value>) -> Value {
        let v = self.call_raw(method, path, body);
        assert!(v["value"]["error"].is_null(), "{method} {path}: {v}");
        v.get("value").cloned().unwrap_or(Value::Null)
    }

    /// A driver call's whole answer, errors included.
    fn call_raw(&self, method: &str, path: &str, body: Option<Value>) -> Value {
        let url = if path == "/session" {
            format!("{}/session", self.base)
        } else {
            format!("{}/session/{}{path}", self.base, self.session)
        };
        let mut r = match method {
            "GET" => self.http.get(&url).call(),
            "DELETE" => self.http.delete(&url).call(),
            _ => self
                .http
                .post(&url)
                .header("content-type", "application/json")
                .send(body.unwrap_or(json!({})).to_string()),
        }
        .unwrap();
        serde_json::from_str(&r.body_mut().read_to_string().unwrap()).unwrap()
    }

    fn go(&self, url: &str) {
        self.call("POST", "/url", Some(json!({"url": url})));
    }

    fn url(&self) -> String {
        self.call("GET", "/url", None).as_str().unwrap().to_owned()
    }

    fn all(&self, css: &str) -> Vec<String> {
        let v = self.call(
            "POST",
            "/elements",
            Some(json!({"using": "css selector", "value": css})),
        );
        v.as_array()
            .unwrap()
            .iter()
            .map(|e| {
                e[ELEMENT]
                    .as_str()
                    .unwrap_or_else(|| panic!("{css}: {e}"))
                    .to_owned()
            })
            .collect()
    }

    fn one(&self, css: &str) -> String {
        self.all(css)
            .into_iter()
            .next()
            .unwrap_or_else(|| panic!("no element {css} on {}", self.url()))
    }

    fn text(&self, el: &str) -> String {
        self.call("GET", &format!("/element/{el}/text"), None)
            .as_str()
            .unwrap()
            .to_owned()
    }

    fn texts(&self, css: &str) -> Vec<String> {
        self.all(css).iter().map(|e| self.text(e)).collect()
    }

    fn click(&self, el: &str) {
        self.call("POST", &format!("/element/{el}/click"), Some(json!({})));
    }

    /// Clicks an element that loads another page and waits until that page has loaded: the
    /// driver may answer a click before a form's POST and its redirect are done, and reading
    /// then meets the old page or a stale element.
    fn follow(&self, el: &str) {
        self.script("window.__before_click = true; return null");
        self.click(el);
        let js = json!({"script": "return window.__before_click !== true && document.readyState === 'complete'", "args": []});
        let t = Instant::now();
        while self.call_raw("POST", "/execute/sync", Some(js.clone()))["value"] != Value::Bool(true)
        {
            assert!(
                t.elapsed() < Duration::from_secs(30),
                "no new page after a click on {}",
                self.url()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    fn type_in(&self, el: &str, s: &str) {
        self.call("POST", &format!("/element/{el}/clear"), Some(json!({})));
        self.call(
            "POST",
            &format!("/element/{el}/value"),
            Some(json!({"text": s})),
        );
    }

    fn script(&self, js: &str) -> Value {
        self.call(
            "POST",
            "/execute/sync",
            Some(json!({"script": js, "args": []})),
        )
    }

    fn shot(&self, name: &str) {
        let b64 = self.call("GET", "/screenshot", None);
        let png = base64::engine::general_purpose::STANDARD
            .decode(b64.as_str().unwrap())
            .unwrap();
        assert!(png.starts_with(b"\x89PNG"));
        std::fs::write(self.shots.join(name), png).unwrap();
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        if !self.session.is_empty() {
            let _ = self
                .http
                .delete(&format!("{}/session/{}", self.base, self.session))
                .call();
        }
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

fn search(b: &Browser, s: &Server) {
    b.go(&s.url("/"));
    b.type_in(&b.one("form.filters input[name=q]"), "drones");
    b.follow(&b.one("form.filters button"));
    assert!(b.url().contains("q=drones"), "{}", b.url());
    let hits = b.texts("li.hit blockquote");
    assert!(!hits.is_empty(), "search finds the drones article");
    assert!(
        hits.iter().all(|h| h.to_lowercase().contains("drone")),
        "{hits:?}"
    );
    assert!(
        !b.all("aside.facets ul[data-facet=type] a").is_empty(),
        "facets shown"
    );
    b.shot("search.png");
}

fn document_view(b: &Browser) {
    b.follow(&b.one("li.hit a.doc-link"));
    assert!(b.url().contains("/doc/"), "{}", b.url());
    let marks = b.texts("pre.text mark.ev");
    assert!(!marks.is_empty(), "evidence highlighted");
    let whys = b.texts("article.record .why code");
    assert!(
        !whys.is_empty() && whys.iter().all(|w| !w.is_empty()),
        "records with their why"
    );
    // Each record's evidence is a highlighted span of the article.
    let n = b
        .script("return document.querySelectorAll('article.record').length")
        .as_u64()
        .unwrap();
    let covered = b
        .script("return Array.from(document.querySelectorAll('article.record')).filter(c => document.querySelector('mark.ev[data-events~=\"' + c.dataset.event + '\"]')).length")
        .as_u64()
        .unwrap();
    assert_eq!(n, covered, "every record has highlighted evidence");
    b.shot("document.png");
}

fn ledger(b: &Browser, s: &Server) {
    b.go(&s.url("/ledger"));
    let all = b.all("table.ledger tbody tr[data-key]");
    assert!(!all.is_empty(), "ledger rows");
    let supplier = b
        .texts("table.ledger tbody tr[data-key] td:first-child")
        .into_iter()
        .find(|s| s != "?")
        .expect("a row with a named supplier");
    b.type_in(&b.one("form.filters input[name=supplier]"), &supplier);
    b.follow(&b.one("form.filters button"));
    let sups = b.texts("table.ledger tbody tr[data-key] td:first-child");
    assert!(
        !sups.is_empty() && sups.iter().all(|x| *x == supplier),
        "{supplier}: {sups:?}"
    );
    // Sort by the documents against a row (the examples have rows with and without),
    // descending after two clicks.
    b.go(&s.url("/ledger"));
    let th = b.all("table.ledger th")[7].clone();
    b.click(&th);
    b.click(&th);
    let against: Vec<u64> = b
        .texts("table.ledger td.against")
        .iter()
        .map(|t| t.parse().unwrap())
        .collect();
    assert!(
        against.windows(2).all(|w| w[0] >= w[1]) && against.first() > against.last(),
        "sorted descending: {against:?}"
    );
    b.shot("ledger.png");
}

fn network(b: &Browser, s: &Server) {
    b.go(&s.url("/network"));
    let edges = b.all("svg.network a.edge-link");
    assert!(!edges.is_empty(), "network edges");
    let edge = b.call(
        "GET",
        &format!("/element/{}/attribute/data-edge", edges[0]),
        None,
    );
    let (from, to) = edge.as_str().unwrap().split_once('>').unwrap();
    let (from, to) = (from.to_owned(), to.to_owned());
    b.shot("network.png");
    b.follow(&b.all("svg.network a.edge-link line.edge-hit")[0]);
    assert!(b.url().contains("/ledger?supplier="), "{}", b.url());
    let rows = b.all("table.ledger tbody tr[data-key]");
    assert!(!rows.is_empty());
    for r in rows {
        let cells = b.call(
            "POST",
            &format!("/element/{r}/elements"),
            Some(json!({"using": "css selector", "value": "td"})),
        );
        let cell = |i: usize| b.text(cells[i][ELEMENT].as_str().unwrap());
        assert_eq!((cell(0), cell(1)), (from.clone(), to.clone()));
    }
}

/// Reviews the first transfer record of the document at `doc`; returns its card's id.
fn review(b: &Browser, s: &Server, doc: &str) -> String {
    b.go(&s.url("/login"));
    b.type_in(&b.one("input[name=token]"), TOKEN);
    b.follow(&b.one("form.login-form button"));
    b.go(doc);
    let card = b.one("article.record.transfer form.review-form");
    let id = b.script("return document.querySelector('article.record.transfer form.review-form').closest('article').id");
    let id = id.as_str().unwrap().to_owned();
    let pick = |name: &str, value: &str| {
        let sel = b.call("POST", &format!("/element/{card}/element"), Some(json!({"using": "css selector", "value": format!("select[name={name}] option[value=\"{value}\"]")})));
        b.click(sel[ELEMENT].as_str().unwrap());
    };
    pick("verdict", "edit");
    let field = b.call(
        "POST",
        &format!("/element/{card}/element"),
        Some(json!({"using": "css selector", "value": "select[name=field]"})),
    );
    let opt = b.call(
        "POST",
        &format!("/element/{}/element", field[ELEMENT].as_str().unwrap()),
        Some(json!({"using": "xpath", "value": "./option[text()='recipient']"})),
    );
    b.click(opt[ELEMENT].as_str().unwrap());
    let input = |name: &str| {
        let e = b.call(
            "POST",
            &format!("/element/{card}/element"),
            Some(json!({"using": "css selector", "value": format!("input[name={name}]")})),
        );
        e[ELEMENT].as_str().unwrap().to_owned()
    };
    b.type_in(&input("value"), "ZZZ");
    b.type_in(&input("note"), "reviewer says: <b>not bold</b>");
    let button = b.call(
        "POST",
        &format!("/element/{card}/element"),
        Some(json!({"using": "css selector", "value": "button"})),
    );
    b.follow(button[ELEMENT].as_str().unwrap());
    id
}

fn assert_review_shown(b: &Browser, card: &str, when: &str) {
    let shown = b.texts(&format!("#{card} li.review"));
    assert!(
        shown
            .iter()
            .any(|t| t.contains("recipient: ZZZ") && t.contains("reviewer says: <b>not bold</b>")),
        "{when}: {shown:?}"
    );
}

/// The id of the stored document whose text carries the hostile markup.
fn hostile_id(s: &Server) -> String {
    let a = agent();
    let (_, _, docs) = support::get_json(&a, &s.url("/api/v1/documents?limit=500"));
    for d in docs["items"].as_array().unwrap() {
        let id = d["id"].as_str().unwrap();
        let (_, _, v) = support::get_json(&a, &s.url(&format!("/api/v1/documents/{id}")));
        if v["text"].as_str().unwrap().contains("<script>") {
            return id.to_owned();
        }
    }
    panic!("the hostile article was not stored");
}

fn hostile(b: &Browser, s: &Server) {
    b.go(&s.url(&format!("/doc/{}", hostile_id(s))));
    let text = b.text(&b.one("pre.text"));
    assert!(
        text.contains("<script>window.__xss = 1;</script>"),
        "script shown as text: {text}"
    );
    assert!(text.contains("<img src=x onerror="), "{text}");
    assert!(
        b.script("return window.__xss === undefined")
            .as_bool()
            .unwrap(),
        "no injected script ran"
    );
    assert_eq!(
        b.script("return document.querySelectorAll('main script, main img').length"),
        json!(0)
    );
    b.shot("hostile.png");
    // The same text in search results, escaped there too.
    b.go(&s.url("/?q=ministry"));
    assert!(
        b.script("return window.__xss === undefined")
            .as_bool()
            .unwrap()
    );
    assert_eq!(
        b.script("return document.querySelectorAll('main script, main img').length"),
        json!(0)
    );
}

#[test]
fn serve_ui_in_chromium() {
    let chromium = find_exe(
        "SITREP_CHROMIUM",
        &["/usr/bin/chromium", "/usr/bin/chromium-browser"],
    );
    let driver = find_exe(
        "SITREP_CHROMEDRIVER",
        &["/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver"],
    );
    let (Some(chromium), Some(driver)) = (chromium, driver) else {
        eprintln!(
            "skipping serve_ui_in_chromium: chromium and chromedriver are needed (apt install chromium chromium-driver)"
        );
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("ui.db").to_str().unwrap().to_owned();
    fill(tmp.path(), &db);
    let b = Browser::start(&chromium, &driver, &tmp.path().join("profile"));
    let card;
    let doc;
    {
        let s = Server::start(tmp.path(), &db, true);
        search(&b, &s);
        document_view(&b);
        doc = b.url().split('#').next().unwrap().to_owned();
        ledger(&b, &s);
        network(&b, &s);
        card = review(&b, &s, &doc);
        assert_review_shown(&b, &card, "after saving");
        b.call("POST", "/refresh", Some(json!({})));
        assert_review_shown(&b, &card, "after a reload");
        hostile(&b, &s);
    }
    let out = sitrep(&["recode", "--db", &db]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // A new server on a new port: the page must come from the recoded store.
    let s = Server::start(tmp.path(), &db, true);
    let path = &doc[doc.find("/doc/").unwrap()..];
    b.go(&s.url(path));
    assert_review_shown(&b, &card, "after recode");
    b.shot("review-after-recode.png");
    eprintln!("serve_ui: screenshots in {}", b.shots.display());
}
