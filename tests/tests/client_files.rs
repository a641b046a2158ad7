//! The shapes of operation the Checkout methods do not use, against the scripted local
//! server: a multipart file upload to the operation's own host, a binary (PDF) answer,
//! search results followed across pages, and test helpers on their own receiver.

use serde_json::{json, Value};
use stripe_api::runtime::Binary;
use stripe_api::{Client, CreateFile, CreateFileFileLinkData, CreateFilePurpose, SearchCustomers};
use tests::http::{MockServer, Recorded, Reply};

const KEY: &str = "sk_test_4eC39HqLyjWDarjtT1zdp7dc";
/// File contents with line breaks and control bytes, which must arrive unchanged.
const PDF: &[u8] = b"%PDF-1.4\r\n%\x01\x7f\r\n--not-a-boundary\r\n";

fn client(server: &MockServer) -> Client {
    Client::builder(KEY).base_url(&server.url).build().unwrap()
}

fn upload_params() -> CreateFile {
    let pdf = Binary::new("evidence \"1\".pdf", "application/pdf", PDF.to_vec());
    let mut params = CreateFile::new(pdf, CreateFilePurpose::DisputeEvidence);
    params.file_link_data = Some(CreateFileFileLinkData::new(true));
    params.expand = Some(vec!["links".to_owned()]);
    params
}

/// The boundary from a `multipart/form-data; boundary=...` content type.
fn boundary(request: &Recorded) -> String {
    let content_type = request.header("content-type").expect("content type");
    let boundary = content_type
        .strip_prefix("multipart/form-data; boundary=")
        .unwrap_or_else(|| panic!("multipart content type: {content_type}"));
    boundary.to_owned()
}

#[test]
fn an_upload_goes_to_the_files_host_unless_the_client_has_a_base_url() {
    let default = Client::new(KEY).unwrap();
    let params = upload_params();
    assert_eq!(
        default.create_file(&params).url(),
        "https://files.stripe.com/v1/files"
    );
    assert_eq!(
        default.create_customer().url(),
        "https://api.stripe.com/v1/customers"
    );
    let local = Client::builder(KEY)
        .base_url("http://127.0.0.1:9")
        .build()
        .unwrap();
    assert_eq!(
        local.create_file(&params).url(),
        "http://127.0.0.1:9/v1/files"
    );
}

#[tokio::test]
async fn a_file_upload_is_a_multipart_body_with_the_file_and_every_other_parameter() {
    let mut file = tests::fixture_or_skip!("file");
    file["id"] = json!("file_123");
    let server = MockServer::start(vec![Reply::json(200, file.to_string())]).await;
    let uploaded = client(&server).create_file(&upload_params()).await.unwrap();
    assert_eq!(uploaded.id.as_str(), "file_123");

    let requests = server.requests();
    let request = &requests[0];
    assert_eq!(
        (request.method.as_str(), request.target.as_str()),
        ("POST", "/v1/files")
    );
    let address = server.url.trim_start_matches("http://");
    assert_eq!(request.header("host"), Some(address));
    assert!(
        request.header("idempotency-key").is_some(),
        "a POST carries a key"
    );
    let b = boundary(request);
    let expected = format!(
        "--{b}\r\nContent-Disposition: form-data; name=\"expand[0]\"\r\n\r\nlinks\r\n\
         --{b}\r\nContent-Disposition: form-data; name=\"file_link_data[create]\"\r\n\r\ntrue\r\n\
         --{b}\r\nContent-Disposition: form-data; name=\"purpose\"\r\n\r\ndispute_evidence\r\n\
         --{b}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"evidence %221%22.pdf\"\r\n\
         Content-Type: application/pdf\r\n\r\n{}\r\n\
         --{b}--\r\n",
        std::str::from_utf8(PDF).unwrap()
    );
    assert_eq!(request.body, expected);
    let length = expected.len().to_string();
    assert_eq!(request.header("content-length"), Some(length.as_str()));
}

#[tokio::test]
async fn a_pdf_answer_is_binary_with_its_content_type() {
    let pdf = "%PDF-1.4 a quote";
    let reply = Reply::json(200, pdf).with_header("content-type", "application/pdf");
    let server = MockServer::start(vec![reply]).await;
    let document = client(&server)
        .retrieve_quote_pdf(&"qt_123".into())
        .await
        .unwrap();
    assert_eq!(document.bytes, pdf.as_bytes());
    assert_eq!(document.content_type.as_deref(), Some("application/pdf"));
    let request = &server.requests()[0];
    assert_eq!(
        (
            request.method.as_str(),
            request.target.as_str(),
            request.body.as_str()
        ),
        ("GET", "/v1/quotes/qt_123/pdf", "")
    );
}

fn search_page(customer: &Value, ids: &[&str], next_page: Option<&str>) -> String {
    let customers: Vec<Value> = ids
        .iter()
        .map(|id| {
            let mut customer = customer.clone();
            customer["id"] = json!(id);
            customer
        })
        .collect();
    json!({
        "object": "search_result", "url": "/v1/customers/search",
        "has_more": next_page.is_some(), "next_page": next_page, "data": customers,
    })
    .to_string()
}

#[tokio::test]
async fn search_results_are_followed_across_pages_with_next_page() {
    let customer = tests::fixture_or_skip!("customer");
    let server = MockServer::start(vec![
        Reply::json(
            200,
            search_page(&customer, &["cus_1", "cus_2"], Some("page_2")),
        ),
        Reply::json(200, search_page(&customer, &["cus_3"], None)),
    ])
    .await;
    let client = client(&server);
    let params = SearchCustomers::new("email:'a@example.com'");
    let found = client
        .search_customers(&params)
        .paginate()
        .collect_all()
        .await
        .unwrap();
    let ids: Vec<&str> = found.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(ids, ["cus_1", "cus_2", "cus_3"]);
    let targets: Vec<String> = server.requests().into_iter().map(|r| r.target).collect();
    assert_eq!(
        targets,
        [
            "/v1/customers/search?query=email%3A%27a%40example.com%27",
            "/v1/customers/search?query=email%3A%27a%40example.com%27&page=page_2",
        ]
    );
}

#[tokio::test]
async fn multer_reads_the_upload_as_stripe_would() {
    let server = MockServer::start(vec![Reply::json(
        200,
        tests::fixture_or_skip!("file").to_string(),
    )])
    .await;
    client(&server).create_file(&upload_params()).await.unwrap();
    let request = &server.requests()[0];
    let body = request.body.clone().into_bytes();
    let stream = one_chunk(body);
    let mut parts = multer::Multipart::new(stream, boundary(request));
    let mut seen = Vec::new();
    while let Some(field) = parts.next_field().await.expect("a well-formed part") {
        let name = field.name().map(str::to_owned);
        let file_name = field.file_name().map(str::to_owned);
        let content_type = field.content_type().map(|m| m.to_string());
        let bytes = field.bytes().await.expect("part body");
        seen.push((name, file_name, content_type, bytes.to_vec()));
    }
    let expected = [
        (Some("expand[0]".into()), None, None, b"links".to_vec()),
        (
            Some("file_link_data[create]".into()),
            None,
            None,
            b"true".to_vec(),
        ),
        (
            Some("purpose".into()),
            None,
            None,
            b"dispute_evidence".to_vec(),
        ),
        (
            Some("file".into()),
            Some("evidence %221%22.pdf".into()),
            Some("application/pdf".into()),
            PDF.to_vec(),
        ),
    ];
    assert_eq!(seen, expected);
}

/// The body as the one-chunk stream multer reads.
fn one_chunk(
    body: Vec<u8>,
) -> impl futures_core::Stream<Item = Result<Vec<u8>, std::convert::Infallible>> {
    struct Once(Option<Vec<u8>>);
    impl futures_core::Stream for Once {
        type Item = Result<Vec<u8>, std::convert::Infallible>;
        fn poll_next(
            mut self: std::pin::Pin<&mut Self>,
            _: &mut std::task::Context<'_>,
        ) -> std::task::Poll<Option<Self::Item>> {
            std::task::Poll::Ready(self.0.take().map(Ok))
        }
    }
    Once(Some(body))
}
