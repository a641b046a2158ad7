//! Following a list across pages: a lazy `Stream` that asks for the next page with
//! `starting_after` set to the last id, until `has_more` is false.

use std::collections::VecDeque;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use super::error::Error;
use super::expandable::Expand;
use super::request::Request;
use super::scalars::List;

type PageFuture<'c, T> = Pin<Box<dyn Future<Output = Result<List<T>, Error>> + Send + 'c>>;
type PageRequest<'c, T> = Box<dyn Fn(Option<&str>) -> Request<'c, List<T>> + Send + 'c>;

/// Every item of a list, fetched page by page as it is consumed.
#[must_use = "a paginator does nothing until it is polled"]
pub struct Paginator<'c, T> {
    make_request: PageRequest<'c, T>,
    buffered: VecDeque<T>,
    pending: Option<PageFuture<'c, T>>,
    last_id: Option<String>,
    done: bool,
}

impl<'c, T: super::Decode + Expand + Send + 'c> Paginator<'c, T> {
    /// Pages from a request builder that takes the `starting_after` cursor.
    pub fn new(make_request: impl Fn(Option<&str>) -> Request<'c, List<T>> + Send + 'c) -> Self {
        Paginator {
            make_request: Box::new(make_request),
            buffered: VecDeque::new(),
            pending: None,
            last_id: None,
            done: false,
        }
    }

    /// The next item, fetching the next page when the current one is used up.
    pub async fn next(&mut self) -> Option<Result<T, Error>> {
        std::future::poll_fn(|cx| Pin::new(&mut *self).poll_next_item(cx)).await
    }

    /// Collects every item of every page.
    pub async fn collect_all(mut self) -> Result<Vec<T>, Error> {
        let mut all = Vec::new();
        while let Some(item) = self.next().await {
            all.push(item?);
        }
        Ok(all)
    }

    fn poll_next_item(&mut self, cx: &mut Context<'_>) -> Poll<Option<Result<T, Error>>> {
        loop {
            if let Some(item) = self.buffered.pop_front() {
                if self.buffered.is_empty() {
                    self.last_id = item.object_id().map(str::to_owned);
                }
                return Poll::Ready(Some(Ok(item)));
            }
            if self.done {
                return Poll::Ready(None);
            }
            let pending = self.pending.get_or_insert_with(|| {
                Box::pin((self.make_request)(self.last_id.as_deref()).send())
            });
            let page = match pending.as_mut().poll(cx) {
                Poll::Pending => return Poll::Pending,
                Poll::Ready(page) => page,
            };
            self.pending = None;
            match page {
                Ok(page) => {
                    self.done = !page.has_more || page.data.is_empty();
                    self.buffered.extend(page.data);
                }
                Err(error) => {
                    self.done = true;
                    return Poll::Ready(Some(Err(error)));
                }
            }
        }
    }
}

impl<'c, T: super::Decode + Expand + Send + 'c> futures_core::Stream for Paginator<'c, T> {
    type Item = Result<T, Error>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.get_mut().poll_next_item(cx)
    }
}

impl<T> Unpin for Paginator<'_, T> {}
