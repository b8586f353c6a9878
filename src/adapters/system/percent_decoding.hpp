// Percent-decoding (RFC 3986 section 2.1) of one path segment, one query name or value, or the
// user or password of a database URL.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace transfers {

// Each "%XY" (two hex digits, either case) becomes the byte 0xXY; every other byte is kept,
// '+' included (it means a space only in HTML forms, which this API does not take). Empty when
// a '%' is not followed by two hex digits: such a text has no meaning, so it is refused rather
// than guessed at. The decoded bytes may be anything; the caller checks them as its field.
std::optional<std::string> percent_decode(std::string_view text);

}  // namespace transfers
