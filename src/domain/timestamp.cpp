#include "domain/timestamp.hpp"

#include <charconv>
#include <cstdio>

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

std::string format_with(Timestamp at, const char* pattern) {
    const Parts p = split(at);
    char text[40];
    const int length = std::snprintf(text, sizeof text, pattern, p.year, p.month, p.day, p.hour,
                                     p.minute, p.second, p.micros);
    return std::string(text, static_cast<std::size_t>(length));
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
    return format_with(at, "%04d-%02d-%02dT%02d:%02d:%02d.%06ldZ");
}

std::string format_sql_datetime(Timestamp at) {
    return format_with(at, "%04d-%02d-%02d %02d:%02d:%02d.%06ld");
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
