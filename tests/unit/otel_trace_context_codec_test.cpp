// W3C Trace Context headers: which traceparent values continue a trace, and what we send back.
#include "adapters/otel/trace_context_codec.hpp"

#include <gtest/gtest.h>

#include <string>

namespace transfers::otel {
namespace {

constexpr const char* spec_example = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
constexpr const char* trace_hex = "4bf92f3577b34da6a3ce929d0e0e4736";
constexpr const char* parent_hex = "00f067aa0ba902b7";

void expect_rejected(const std::string& header) {
    EXPECT_FALSE(parse_traceparent(header).has_value()) << header;
}

TEST(OtelTraceparent, ParsesTheSpecExample) {
    const auto context = parse_traceparent(spec_example);
    ASSERT_TRUE(context.has_value());
    EXPECT_EQ(to_hex(context->trace_id), trace_hex);
    EXPECT_EQ(to_hex(context->span_id), parent_hex);
    EXPECT_TRUE(context->sampled);
    EXPECT_TRUE(context->valid());
}

TEST(OtelTraceparent, ReadsTheSampledFlagAloneFromTheFlags) {
    EXPECT_FALSE(parse_traceparent(std::string("00-") + trace_hex + "-" + parent_hex + "-00")->sampled);
    EXPECT_TRUE(parse_traceparent(std::string("00-") + trace_hex + "-" + parent_hex + "-09")->sampled);
    EXPECT_FALSE(parse_traceparent(std::string("00-") + trace_hex + "-" + parent_hex + "-fe")->sampled);
}

TEST(OtelTraceparent, IgnoresSurroundingWhitespace) {
    EXPECT_TRUE(parse_traceparent(std::string(" \t") + spec_example + "  ").has_value());
}

TEST(OtelTraceparent, RejectsAllZeroIds) {
    expect_rejected(std::string("00-00000000000000000000000000000000-") + parent_hex + "-01");
    expect_rejected(std::string("00-") + trace_hex + "-0000000000000000-01");
}

TEST(OtelTraceparent, RejectsUppercaseHex) {
    expect_rejected("00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01");
    expect_rejected("00-4bf92f3577b34da6a3ce929d0e0e4736-00F067AA0BA902B7-01");
    expect_rejected("0A-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
    expect_rejected("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-0A");
}

TEST(OtelTraceparent, RejectsWrongLengths) {
    expect_rejected("");
    expect_rejected("00-4bf92f3577b34da6a3ce929d0e0e473-00f067aa0ba902b7-01");      // trace id 31
    expect_rejected("00-4bf92f3577b34da6a3ce929d0e0e47366-00f067aa0ba902b7-01");    // trace id 33
    expect_rejected("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b-01");      // parent id 15
    expect_rejected("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b77-01");    // parent id 17
    expect_rejected("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-1");      // flags 1
    expect_rejected("0-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");      // version 1
}

TEST(OtelTraceparent, RejectsWrongSeparatorsAndCharacters) {
    expect_rejected("00_4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
    expect_rejected("00-4bf92f3577b34da6a3ce929d0e0e4736_00f067aa0ba902b7-01");
    expect_rejected("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7_01");
    expect_rejected("00-4bf92f3577b34da6a3ce929d0e0e473g-00f067aa0ba902b7-01");
    expect_rejected("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902bz-01");
    expect_rejected("0g-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
}

TEST(OtelTraceparent, RejectsVersionFf) {
    expect_rejected("ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
}

TEST(OtelTraceparent, RejectsAnythingAfterTheFlagsInVersion00) {
    expect_rejected(std::string(spec_example) + "-extra");
    expect_rejected(std::string(spec_example) + "0");
}

TEST(OtelTraceparent, ReadsAFutureVersionByItsFirstFourFields) {
    const auto exact = parse_traceparent("cc-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
    ASSERT_TRUE(exact.has_value());
    EXPECT_EQ(to_hex(exact->trace_id), trace_hex);
    const auto longer = parse_traceparent("cc-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-what-comes-next");
    ASSERT_TRUE(longer.has_value());
    EXPECT_TRUE(longer->sampled);
}

TEST(OtelTraceparent, RejectsAFutureVersionWhoseFieldsAreMalformed) {
    expect_rejected("cc-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01.next");
    expect_rejected("cc-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-0");
    expect_rejected("cc-00000000000000000000000000000000-00f067aa0ba902b7-01-next");
}

TEST(OtelTraceparent, FormatsVersion00WithTheSampledFlag) {
    TraceContext context = *parse_traceparent(spec_example);
    EXPECT_EQ(format_traceparent(context), spec_example);
    context.sampled = false;
    EXPECT_EQ(format_traceparent(context), "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00");
}

TEST(OtelTraceparent, FormatsWhatItParsesBackToTheSameContext) {
    const std::string header = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-00";
    EXPECT_EQ(format_traceparent(*parse_traceparent(header)), header);
}

TEST(OtelTraceContext, IsValidOnlyWithBothIdsNonZero) {
    TraceContext context;
    EXPECT_FALSE(context.valid());
    context.trace_id[15] = 1;
    EXPECT_FALSE(context.valid());
    context.span_id[0] = 1;
    EXPECT_TRUE(context.valid());
    context.trace_id[15] = 0;
    EXPECT_FALSE(context.valid());
}

TEST(OtelTracestate, IsKeptVerbatimApartFromOuterWhitespace) {
    EXPECT_EQ(bounded_tracestate("rojo=00f067aa0ba902b7,congo=t61rcWkgMzE"), "rojo=00f067aa0ba902b7,congo=t61rcWkgMzE");
    EXPECT_EQ(bounded_tracestate("  rojo=1 ,  congo=2 "), "rojo=1 ,  congo=2");
    EXPECT_EQ(bounded_tracestate(""), "");
}

TEST(OtelTracestate, DropsMembersFromTheEndBeyond512Bytes) {
    const std::string first = "a=" + std::string(300, 'x');
    const std::string second = "b=" + std::string(200, 'y');
    const std::string third = "c=" + std::string(100, 'z');
    EXPECT_EQ(bounded_tracestate(first + "," + second), first + "," + second);  // 503 bytes
    EXPECT_EQ(bounded_tracestate(first + "," + second + "," + third), first + "," + second);
    EXPECT_EQ(bounded_tracestate(std::string(600, 'k')), "");
}

TEST(OtelExtract, ContinuesAValidTraceparentWithItsTracestate) {
    const TraceContext parent = extract_trace_context(spec_example, "rojo=00f067aa0ba902b7");
    EXPECT_TRUE(parent.valid());
    EXPECT_EQ(parent.tracestate, "rojo=00f067aa0ba902b7");
}

TEST(OtelExtract, StartsOverWithoutTracestateWhenTraceparentIsInvalid) {
    const TraceContext parent = extract_trace_context("garbage", "rojo=00f067aa0ba902b7");
    EXPECT_FALSE(parent.valid());
    EXPECT_EQ(parent.tracestate, "");
    EXPECT_FALSE(extract_trace_context("", "").valid());
}

}  // namespace
}  // namespace transfers::otel
