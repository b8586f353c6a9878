#include "adapters/http/request_decoding.hpp"

#include <charconv>
#include <string>

#include "adapters/http/json_fields.hpp"

namespace transfers::http {
namespace {

Error invalid(std::string detail) { return Error{ErrorCode::invalid_request, std::move(detail)}; }

Result<AccountId, Error> account_id_field(const JsonFields& fields, std::string_view name) {
    auto raw = fields.positive_integer(name);
    if (!raw) return fail(raw.error());
    return *AccountId::from(*raw);
}

Result<Money, Error> money_field(const JsonFields& fields, std::string_view name) {
    auto text = fields.string(name);
    if (!text) return fail(text.error());
    auto money = Money::parse(*text);
    if (!money) return fail(invalid(std::string(name) + ": " + std::string(describe(money.error()))));
    return *money;
}

}  // namespace

Result<OpenAccountCommand, Error> decode_open_account(std::string_view body) {
    auto fields = JsonFields::parse(body);
    if (!fields) return fail(fields.error());
    if (auto known = fields->only({"account_id", "initial_balance"}); !known) return fail(known.error());
    auto id = account_id_field(*fields, "account_id");
    if (!id) return fail(id.error());
    auto balance = money_field(*fields, "initial_balance");
    if (!balance) return fail(balance.error());
    return OpenAccountCommand{*id, *balance};
}

Result<TransferCommand, Error> decode_transfer(std::string_view body) {
    auto fields = JsonFields::parse(body);
    if (!fields) return fail(fields.error());
    auto known = fields->only({"source_account_id", "destination_account_id", "amount"});
    if (!known) return fail(known.error());
    auto source = account_id_field(*fields, "source_account_id");
    if (!source) return fail(source.error());
    auto target = account_id_field(*fields, "destination_account_id");
    if (!target) return fail(target.error());
    auto amount = money_field(*fields, "amount");
    if (!amount) return fail(amount.error());
    return TransferCommand{*source, *target, *amount};
}

Result<AccountId, Error> decode_account_id_segment(std::string_view segment) {
    const Error wrong = invalid("account_id: must be an integer from 1 to 9223372036854775807");
    std::int64_t raw = 0;
    const char* end = segment.data() + segment.size();
    const bool digits_only = !segment.empty() && segment.size() <= 19 &&
                             segment.find_first_not_of("0123456789") == std::string_view::npos;
    if (!digits_only) return fail(wrong);
    const auto [stop, ec] = std::from_chars(segment.data(), end, raw);
    if (ec != std::errc{} || stop != end) return fail(wrong);
    auto id = AccountId::from(raw);
    if (!id) return fail(wrong);
    return *id;
}

Result<TransferId, Error> decode_transfer_id_segment(std::string_view segment) {
    bool well_formed = segment.size() == 36;
    for (std::size_t i = 0; well_formed && i < segment.size(); ++i) {
        const char c = segment[i];
        const bool dash_place = i == 8 || i == 13 || i == 18 || i == 23;
        well_formed = dash_place ? c == '-' : ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'));
    }
    if (!well_formed) return fail(invalid("transaction_id: must be a lowercase UUID"));
    return TransferId{std::string(segment)};
}

}  // namespace transfers::http
