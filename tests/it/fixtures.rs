//! Small hand-written arXiv records in every format (no real text).

use std::path::{Path, PathBuf};

/// A paper to write as a fixture.
#[derive(Clone)]
pub struct Fixture {
    pub id: String,
    pub datestamp: String,
    pub title: String,
    pub abstract_text: String,
    pub categories: String,
    pub doi: Option<String>,
}

impl Fixture {
    pub fn new(id: &str) -> Fixture {
        Fixture {
            id: id.to_string(),
            datestamp: "2020-01-10".into(),
            title: format!("A made-up study number {id}"),
            abstract_text: "We describe an invented method for sorting marbles.".into(),
            categories: "cs.LG".into(),
            doi: None,
        }
    }

    pub fn title(mut self, title: &str) -> Fixture {
        self.title = title.into();
        self
    }

    pub fn abstract_text(mut self, text: &str) -> Fixture {
        self.abstract_text = text.into();
        self
    }

    pub fn categories(mut self, categories: &str) -> Fixture {
        self.categories = categories.into();
        self
    }

    pub fn datestamp(mut self, date: &str) -> Fixture {
        self.datestamp = date.into();
        self
    }

    pub fn doi(mut self, doi: &str) -> Fixture {
        self.doi = Some(doi.into());
        self
    }

    /// An `arXiv`-format record.
    pub fn arxiv(&self) -> String {
        let doi = self
            .doi
            .as_ref()
            .map(|d| format!("<doi>{d}</doi>"))
            .unwrap_or_default();
        format!(
            "<record><header><identifier>oai:arXiv.org:{id}</identifier><datestamp>{ds}</datestamp><setSpec>cs</setSpec></header>\
             <metadata><arXiv xmlns=\"http://arxiv.org/OAI/arXiv/\"><id>{id}</id><created>2020-01-06</created>\
             <authors><author><keyname>Quux</keyname><forenames>Ada B.</forenames></author><author><keyname>Zed</keyname><forenames>Carl</forenames><suffix>Jr</suffix></author></authors>\
             <title>{title}</title><categories>{cats}</categories>{doi}<abstract>{abs}</abstract></arXiv></metadata></record>",
            id = self.id,
            ds = self.datestamp,
            title = self.title,
            cats = self.categories,
            abs = self.abstract_text,
        )
    }

    /// An `arXivRaw`-format record.
    pub fn arxiv_raw(&self) -> String {
        format!(
            "<record><header><identifier>oai:arXiv.org:{id}</identifier><datestamp>{ds}</datestamp></header>\
             <metadata><arXivRaw xmlns=\"http://arxiv.org/OAI/arXivRaw/\"><id>{id}</id><submitter>Ada Quux</submitter>\
             <version version=\"v1\"><date>Mon, 6 Jan 2020 10:00:00 GMT</date><size>10kb</size></version>\
             <version version=\"v2\"><date>Tue, 7 Jan 2020 10:00:00 GMT</date><size>11kb</size></version>\
             <title>{title}</title><authors>Ada B. Quux and Carl Zed Jr</authors><categories>{cats}</categories>\
             <abstract>{abs}</abstract></arXivRaw></metadata></record>",
            id = self.id,
            ds = self.datestamp,
            title = self.title,
            cats = self.categories,
            abs = self.abstract_text,
        )
    }

    /// An `oai_dc`-format record.
    pub fn oai_dc(&self) -> String {
        let subjects: String = self
            .categories
            .split_whitespace()
            .map(|c| match c {
                "cs.LG" => "<dc:subject>Computer Science - Learning</dc:subject>".to_string(),
                "cs.CV" => "<dc:subject>Computer Science - Computer Vision and Pattern Recognition</dc:subject>".to_string(),
                other => format!("<dc:subject>{other}</dc:subject>"),
            })
            .collect();
        format!(
            "<record><header><identifier>oai:arXiv.org:{id}</identifier><datestamp>{ds}</datestamp></header>\
             <metadata><oai_dc:dc xmlns:oai_dc=\"http://www.openarchives.org/OAI/2.0/oai_dc/\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\">\
             <dc:title>{title}</dc:title><dc:creator>Quux, Ada B.</dc:creator><dc:creator>Zed, Jr, Carl</dc:creator>{subjects}\
             <dc:description>{abs}</dc:description><dc:date>2020-01-06</dc:date><dc:date>2020-01-07</dc:date><dc:type>text</dc:type>\
             <dc:identifier>http://arxiv.org/abs/{id}</dc:identifier></oai_dc:dc></metadata></record>",
            id = self.id,
            ds = self.datestamp,
            title = self.title,
            abs = self.abstract_text,
        )
    }

    /// A line of the JSON snapshot.
    pub fn snapshot(&self) -> String {
        serde_json::json!({
            "id": self.id,
            "submitter": "Ada Quux",
            "authors": "Ada B. Quux and Carl Zed Jr",
            "title": self.title,
            "comments": null,
            "journal-ref": null,
            "doi": self.doi,
            "report-no": null,
            "categories": self.categories,
            "license": null,
            "abstract": self.abstract_text,
            "versions": [
                {"version": "v1", "created": "Mon, 6 Jan 2020 10:00:00 GMT"},
                {"version": "v2", "created": "Tue, 7 Jan 2020 10:00:00 GMT"}
            ],
            "update_date": self.datestamp,
            "authors_parsed": [["Quux", "Ada B.", ""], ["Zed", "Carl", "Jr"]]
        })
        .to_string()
    }
}

/// A ListRecords page around records.
pub fn page(records: &[String]) -> String {
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<OAI-PMH xmlns=\"http://www.openarchives.org/OAI/2.0/\">\
         <responseDate>2020-02-01T00:00:00Z</responseDate><request verb=\"ListRecords\">http://export.arxiv.org/oai2</request>\
         <ListRecords>\n{}\n</ListRecords></OAI-PMH>\n",
        records.join("\n")
    )
}

/// Writes `content` to `dir/name` and returns the path.
pub fn write(dir: &Path, name: &str, content: impl AsRef<[u8]>) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, content).expect("write fixture");
    path
}

/// A deleted record's header.
pub fn deleted(id: &str, datestamp: &str) -> String {
    format!(
        "<record><header status=\"deleted\"><identifier>oai:arXiv.org:{id}</identifier><datestamp>{datestamp}</datestamp></header></record>"
    )
}
