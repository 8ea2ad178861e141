#include "core/result.h"

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <type_traits>
#include <vector>

namespace accord::core {
namespace {

Result<int> Half(int value) {
  if (value % 2 != 0) return InvalidArgument("value " + std::to_string(value) + ": odd");
  return value / 2;
}

Result<int> Quarter(int value) {
  auto half = Half(value);
  if (!half) return half.error().Context("quarter");
  return Half(*half);
}

Status CheckPositive(int value) {
  if (value <= 0) return InvalidArgument("value must be positive");
  return Ok();
}

TEST(ResultTest, HoldsAValue) {
  Result<int> result = Half(8);
  ASSERT_TRUE(result.has_value());
  EXPECT_TRUE(static_cast<bool>(result));
  EXPECT_EQ(result.value(), 4);
  EXPECT_EQ(*result, 4);
}

TEST(ResultTest, HoldsAnError) {
  Result<int> result = Half(3);
  ASSERT_FALSE(result.has_value());
  EXPECT_FALSE(static_cast<bool>(result));
  EXPECT_EQ(result.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(result.error().message, "value 3: odd");
}

TEST(ResultTest, ContextPrefixesWhatTheCallerWasDoing) {
  Result<int> result = Quarter(6);
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(result.error().message, "value 3: odd");
  auto outer = Quarter(2);  // 2 -> 1, then Half(1) fails without context
  ASSERT_FALSE(outer);
  EXPECT_EQ(outer.error().message, "value 1: odd");
  auto inner = Quarter(3);
  ASSERT_FALSE(inner);
  EXPECT_EQ(inner.error().message, "quarter: value 3: odd");
  EXPECT_EQ(inner.error().Context("plan").Context("run").message,
            "run: plan: quarter: value 3: odd");
}

TEST(ResultTest, ContextKeepsTheCodeAndLeavesTheOriginalAlone) {
  const Error original = NotFound("tile/0/x001");
  const Error wrapped = original.Context("read tiles");
  EXPECT_EQ(wrapped.code, ErrorCode::kNotFound);
  EXPECT_EQ(wrapped.message, "read tiles: tile/0/x001");
  EXPECT_EQ(original.message, "tile/0/x001");
}

TEST(ResultTest, ErrorHelpersSetTheirCodes) {
  EXPECT_EQ(InvalidArgument("x").code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(NotFound("x").code, ErrorCode::kNotFound);
  EXPECT_EQ(Conflict("x").code, ErrorCode::kConflict);
  EXPECT_EQ(PermissionDenied("x").code, ErrorCode::kPermissionDenied);
  EXPECT_EQ(ResourceExhausted("x").code, ErrorCode::kResourceExhausted);
  EXPECT_EQ(Unavailable("x").code, ErrorCode::kUnavailable);
  EXPECT_EQ(Corrupt("x").code, ErrorCode::kCorrupt);
  EXPECT_EQ(Internal("x").code, ErrorCode::kInternal);
}

TEST(ResultTest, ErrorToStringNamesTheCode) {
  EXPECT_EQ(Corrupt("tile hash mismatch").ToString(), "corrupt: tile hash mismatch");
  EXPECT_EQ(ErrorCodeName(ErrorCode::kInvalidArgument), "invalid_argument");
  EXPECT_EQ(ErrorCodeName(ErrorCode::kNotFound), "not_found");
  EXPECT_EQ(ErrorCodeName(ErrorCode::kConflict), "conflict");
  EXPECT_EQ(ErrorCodeName(ErrorCode::kPermissionDenied), "permission_denied");
  EXPECT_EQ(ErrorCodeName(ErrorCode::kResourceExhausted), "resource_exhausted");
  EXPECT_EQ(ErrorCodeName(ErrorCode::kUnavailable), "unavailable");
  EXPECT_EQ(ErrorCodeName(ErrorCode::kCorrupt), "corrupt");
  EXPECT_EQ(ErrorCodeName(ErrorCode::kInternal), "internal");
}

TEST(ResultTest, UnexpectedMakesAnErrorEvenWhenTheValueTypeCouldTakeIt) {
  // std::string is constructible from many things; Unexpected is never
  // taken as a value.
  Result<std::string> result = Unexpected{Conflict("exists")};
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code, ErrorCode::kConflict);
}

TEST(ResultTest, ConvertsFromTypesTheValueIsConstructibleFrom) {
  Result<std::string> from_literal = "abc";
  ASSERT_TRUE(from_literal);
  EXPECT_EQ(*from_literal, "abc");
  Result<std::vector<int>> from_list = std::vector<int>{1, 2, 3};
  EXPECT_EQ(from_list->size(), 3u);
}

TEST(ResultTest, ArrowReachesMembers) {
  Result<std::string> result = std::string("hello");
  EXPECT_EQ(result->size(), 5u);
  result->append("!");
  EXPECT_EQ(*result, "hello!");
  const Result<std::string>& constant = result;
  EXPECT_EQ(constant->front(), 'h');
}

TEST(ResultTest, HoldsMoveOnlyValuesAndMovesThemOut) {
  Result<std::unique_ptr<int>> result = std::make_unique<int>(7);
  ASSERT_TRUE(result);
  std::unique_ptr<int> taken = std::move(result).value();
  ASSERT_NE(taken, nullptr);
  EXPECT_EQ(*taken, 7);
  Result<std::unique_ptr<int>> again = std::make_unique<int>(9);
  std::unique_ptr<int> via_star = *std::move(again);
  EXPECT_EQ(*via_star, 9);
  static_assert(!std::is_copy_constructible_v<Result<std::unique_ptr<int>>>);
}

TEST(ResultTest, MovesTheErrorOut) {
  Result<int> result = Half(5);
  Error error = std::move(result).error();
  EXPECT_EQ(error.message, "value 5: odd");
}

TEST(ResultTest, ValueOrFallsBackOnlyOnError) {
  EXPECT_EQ(Half(10).value_or(-1), 5);
  EXPECT_EQ(Half(11).value_or(-1), -1);
  Result<std::string> missing = NotFound("x");
  EXPECT_EQ(missing.value_or("default"), "default");
}

TEST(ResultTest, CopiesAreIndependent) {
  Result<std::string> original = std::string("a");
  Result<std::string> copy = original;
  copy->append("b");
  EXPECT_EQ(*original, "a");
  EXPECT_EQ(*copy, "ab");
}

TEST(StatusTest, OkHasNoError) {
  Status status = Ok();
  EXPECT_TRUE(status.has_value());
  EXPECT_TRUE(static_cast<bool>(status));
  status.value();  // callable, returns nothing
  EXPECT_TRUE(CheckPositive(1));
  Status default_constructed;
  EXPECT_TRUE(default_constructed);
}

TEST(StatusTest, CarriesAnError) {
  Status status = CheckPositive(0);
  ASSERT_FALSE(status);
  EXPECT_EQ(status.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(status.error().message, "value must be positive");
  Status from_unexpected = Unexpected{Unavailable("later")};
  ASSERT_FALSE(from_unexpected);
  EXPECT_EQ(from_unexpected.error().code, ErrorCode::kUnavailable);
  EXPECT_EQ(std::move(from_unexpected).error().message, "later");
}

}  // namespace
}  // namespace accord::core
