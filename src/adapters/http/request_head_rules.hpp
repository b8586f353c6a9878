// Request head rules: what the server checks in a request's line and headers before it reads
// the body or hands the request on (one Host, framing it can trust, one Idempotency-Key), and
// whether the client waits for `100 Continue`.
#pragma once

#include <boost/beast/http/fields.hpp>
#include <boost/beast/http/message.hpp>
#include <optional>

#include "adapters/http/http_exchange.hpp"

namespace transfers::http {

using RequestHead = boost::beast::http::request_header<boost::beast::http::fields>;

// The problem answer (400, or 501 for a transfer coding the server does not implement) for a
// head that breaks a rule; nullopt for one that may be read on. The connection must be closed
// after the answer: the body's framing is not trusted.
std::optional<HttpAnswer> refusal_for_head(const RequestHead& head);

// True when the client sent `Expect: 100-continue` on HTTP/1.1 and waits for the interim
// answer before it sends the body.
bool expects_continue(const RequestHead& head);

}  // namespace transfers::http
