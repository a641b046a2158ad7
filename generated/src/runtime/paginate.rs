//! Following a list or search across pages: a lazy `Stream` that asks for the next page
//! with the cursor of the page before (`starting_after` set to the last id for lists,
//! `page` set to `next_page` for searches), until there are no more.

use std::collections::VecDeque;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use super::error::Error;

/// The items of one page and the cursor of the next, if there is one.
type Page<T> = (Vec<T>, Option<String>);
type PageFuture<'c, T> = Pin<Box<dyn Future<Output = Result<Page<T>, Error>> + Send + 'c>>;
type FetchPage<'c, T> = Box<dyn Fn(Option<String>) -> PageFuture<'c, T> + Send + 'c>;

/// Every item of a list or search, fetched page by page as it is consumed.
#[must_use = "a paginator does nothing until it is polled"]
pub struct Paginator<'c, T> {
    fetch: FetchPage<'c, T>,
    buffered: VecDeque<T>,
    pending: Option<PageFuture<'c, T>>,
    next_cursor: Option<String>,
    done: bool,
}

impl<'c, T: Send + 'c> Paginator<'c, T> {
    /// Pages from a function that fetches the page at a cursor (`None`: the first page).
    pub(crate) fn new(fetch: impl Fn(Option<String>) -> PageFuture<'c, T> + Send + 'c) -> Self {
        Paginator {
            fetch: Box::new(fetch),
            buffered: VecDeque::new(),
            pending: None,
            next_cursor: None,
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
                return Poll::Ready(Some(Ok(item)));
            }
            if self.done {
                return Poll::Ready(None);
            }
            let pending = self
                .pending
                .get_or_insert_with(|| (self.fetch)(self.next_cursor.take()));
            let page = match pending.as_mut().poll(cx) {
                Poll::Pending => return Poll::Pending,
                Poll::Ready(page) => page,
            };
            self.pending = None;
            match page {
                Ok((items, cursor)) => {
                    self.done = cursor.is_none() || items.is_empty();
                    self.next_cursor = cursor;
                    self.buffered.extend(items);
                }
                Err(error) => {
                    self.done = true;
                    return Poll::Ready(Some(Err(error)));
                }
            }
        }
    }
}

impl<'c, T: Send + 'c> futures_core::Stream for Paginator<'c, T> {
    type Item = Result<T, Error>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.get_mut().poll_next_item(cx)
    }
}

impl<T> Unpin for Paginator<'_, T> {}
