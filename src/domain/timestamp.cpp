#include "domain/timestamp.hpp"

#include <charconv>
#include <cstdio>
#include <string_view>

namespace transfers {
namespace {

struct Parts {
    int year, month, day, hour, minute, second;
    long micros;
};

Parts split(Timestamp at) {
    using namespace std::chrono;
    const auto day_point = floor<days>(at);
    const year_month_day ymd{day_point};
    const hh_mm_ss<microseconds> time{at - day_point};
    return Parts{int(ymd.year()),         int(unsigned(ymd.month())), int(unsigned(ymd.day())),
                 int(time.hours().count()), int(time.minutes().count()), int(time.seconds().count()),
                 long(time.subseconds().count())};
}

// Writes `value` as exactly `width` decimal digits, zero-padded, at `out`.
void put_digits(char* out, long value, int width) {
    for (int i = width - 1; i >= 0; --i) {
        out[i] = static_cast<char>('0' + value % 10);
        value /= 10;
    }
}

// "YYYY-MM-DD?HH:MM:SS.ffffff" with `separator` between date and time, then `suffix`. Written
// digit by digit: timestamps are formatted for every transfer and every log line, and
// snprintf costs several times more. Years outside 0-9999 (never produced by our clock or
// parser) go through snprintf, which widens the field instead of cutting it.
std::string format_with(Timestamp at, char separator, std::string_view suffix) {
    const Parts p = split(at);
    if (p.year < 0 || p.year > 9999) {
        char text[48];
        const int length = std::snprintf(text, sizeof text, "%04d-%02d-%02d%c%02d:%02d:%02d.%06ld", p.year, p.month,
                                         p.day, separator, p.hour, p.minute, p.second, p.micros);
        return std::string(text, static_cast<std::size_t>(length)).append(suffix);
    }
    std::string text = "0000-00-00 00:00:00.000000";
    put_digits(&text[0], p.year, 4);
    put_digits(&text[5], p.month, 2);
    put_digits(&text[8], p.day, 2);
    text[10] = separator;
    put_digits(&text[11], p.hour, 2);
    put_digits(&text[14], p.minute, 2);
    put_digits(&text[17], p.second, 2);
    put_digits(&text[20], p.micros, 6);
    return text.append(suffix);
}

// Reads exactly `width` decimal digits (no sign) at `at`.
bool read_int(std::string_view text, std::size_t at, std::size_t width, int& out) {
    if (at + width > text.size()) return false;
    const char* first = text.data() + at;
    for (std::size_t i = 0; i < width; ++i) {
        if (first[i] < '0' || first[i] > '9') return false;
    }
    const auto [end, ec] = std::from_chars(first, first + width, out);
    return ec == std::errc{} && end == first + width;
}

}  // namespace

std::string format_rfc3339(Timestamp at) {
    return format_with(at, 'T', "Z");
}

std::string format_sql_datetime(Timestamp at) {
    return format_with(at, ' ', "");
}

std::optional<Timestamp> parse_sql_datetime(std::string_view text) {
    using namespace std::chrono;
    int year, month, day, hour, minute, second, micros = 0;
    const bool fields_ok = read_int(text, 0, 4, year) && read_int(text, 5, 2, month) &&
                           read_int(text, 8, 2, day) && read_int(text, 11, 2, hour) &&
                           read_int(text, 14, 2, minute) && read_int(text, 17, 2, second);
    const bool separators_ok = text.size() >= 19 && text[4] == '-' && text[7] == '-' &&
                               text[10] == ' ' && text[13] == ':' && text[16] == ':';
    if (!fields_ok || !separators_ok || hour > 23 || minute > 59 || second > 59) return std::nullopt;
    if (text.size() > 20) {
        const std::size_t digits = text.size() - 20;
        if (text[19] != '.' || digits > 6 || !read_int(text, 20, digits, micros)) return std::nullopt;
        for (std::size_t i = digits; i < 6; ++i) micros *= 10;
    } else if (text.size() != 19) {
        return std::nullopt;
    }
    const year_month_day ymd{std::chrono::year{year}, std::chrono::month{unsigned(month)},
                             std::chrono::day{unsigned(day)}};
    if (!ymd.ok()) return std::nullopt;
    return Timestamp{sys_days{ymd}} + hours{hour} + minutes{minute} + seconds{second} +
           microseconds{micros};
}

}  // namespace transfers
