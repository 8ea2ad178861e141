// A small public log written by hand from the documented public bodies
// (docs/registry.md, docs/notifications.md, docs/grievance.md,
// docs/response.md), shared by the transparency tests. The figures the tests
// expect are counted by hand from these entries.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <gtest/gtest.h>

#include "core/canonical_json.h"

namespace accord::transparency::testing {

inline constexpr std::string_view kAtlantis = "party--00000000-0000-4000-8000-0000000000a1";
inline constexpr std::string_view kBorduria = "party--00000000-0000-4000-8000-0000000000b2";
inline constexpr std::string_view kSecretariat = "party--00000000-0000-4000-8000-0000000000c3";

// One public entry: {"schema","seq","type","at","subject","body"} canonical.
inline std::string Entry(std::uint64_t seq, std::string_view type, std::string_view at,
                         std::string_view subject, std::string_view body) {
  std::string text = R"({"schema":"accord.event/1","seq":)" + std::to_string(seq) + R"(,"type":")" +
                     std::string(type) + R"(","at":")" + std::string(at) + R"(","subject":")" +
                     std::string(subject) + R"(","body":)" + std::string(body) + "}";
  auto canonical = core::CanonicalizeJson(text);
  EXPECT_TRUE(canonical) << canonical.error().ToString() << "\n" << text;
  return canonical ? *canonical : text;
}

inline std::string Party(std::uint64_t seq, std::string_view id, std::string_view kind,
                         std::string_view state) {
  std::string body = R"({"id":")" + std::string(id) + R"(","kind":")" + std::string(kind) +
                     R"(","name":"n","status":"active","registered_at":"2026-01-01T00:00:00Z",)" +
                     (state.empty() ? "" : R"("state":")" + std::string(state) + R"(",)") +
                     R"("contacts":{"public":[]}})";
  return Entry(seq, "party.registered", "2026-01-01T00:00:00Z", id, body);
}

// The year 2026 of two states, Atlantis (AT) and Borduria (BO):
//   reports: r1 by AT (reporter public), affecting BO, energy + water, high;
//            r2 with a parties-only envelope; r3 an exercise affecting AT;
//            r4 by AT affecting AT, withdrawn; r5 affecting BO, submitted in
//            2025 (another year).
//   notifications: n1 AT -> BO urgent, acknowledged after 3600 s (on time);
//            n2 AT -> BO normal, overdue, then acknowledged late after
//            360000 s; n3 AT -> BO on 2026-12-31, still pending at the last
//            entry.
//   pings: p1 to AT and BO: AT late, BO never (missed).
//   case c1: AT accuses BO, the accused misses a deadline, violation
//            finding, response at public-statement (ladder 1), partially
//            remedied.
inline std::vector<std::string> HandWrittenLog() {
  std::vector<std::string> log;
  auto next = [&log]() { return static_cast<std::uint64_t>(log.size()); };
  log.push_back(Party(next(), kSecretariat, "secretariat", ""));
  log.push_back(Party(next(), kAtlantis, "state", "AT"));
  log.push_back(Party(next(), kBorduria, "state", "BO"));
  log.push_back(Entry(next(), "report.submitted", "2025-12-31T23:59:59Z", "incident-report--r5",
                      R"({"version":1,"public_form":{"schema":"accord.incident-report/1","id":"incident-report--r5","tlp":"CLEAR",
                          "envelope":{"affected_states":["BO"],"sectors":["water"],"month":"2025-12","reporter_kind":"operator","exercise":false}}})"));
  log.push_back(Entry(next(), "report.submitted", "2026-02-01T10:00:00Z", "incident-report--r1",
                      R"({"version":1,"public_form":{"schema":"accord.incident-report/1","id":"incident-report--r1","tlp":"CLEAR",
                          "reporter":{"kind":"state","state":"AT","name":"CERT-AT"},
                          "envelope":{"affected_states":["BO"],"sectors":["energy","water"],"month":"2026-01",
                                      "reporter_kind":"state","exercise":false,"severity_level":"high"}}})"));
  log.push_back(Entry(next(), "report.submitted", "2026-02-02T10:00:00Z", "incident-report--r2",
                      R"({"version":1,"public_form":{"schema":"accord.incident-report/1","id":"incident-report--r2","tlp":"AMBER",
                          "envelope":{"month":"2026-02"},"record":{"alg":"sha256-salted-v1","commitment":"00"}}})"));
  log.push_back(Entry(next(), "report.submitted", "2026-02-03T10:00:00Z", "incident-report--r3",
                      R"({"version":1,"public_form":{"schema":"accord.incident-report/1","id":"incident-report--r3","tlp":"CLEAR",
                          "envelope":{"affected_states":["AT"],"sectors":["health"],"month":"2026-02","reporter_kind":"state","exercise":true}}})"));
  log.push_back(Entry(next(), "report.submitted", "2026-02-04T10:00:00Z", "incident-report--r4",
                      R"({"version":1,"public_form":{"schema":"accord.incident-report/1","id":"incident-report--r4","tlp":"CLEAR",
                          "reporter":{"kind":"state","state":"AT","name":"CERT-AT"},
                          "envelope":{"affected_states":["AT"],"sectors":["energy"],"month":"2026-02","reporter_kind":"state","exercise":false}}})"));
  log.push_back(Entry(next(), "report.withdrawn", "2026-02-05T10:00:00Z", "incident-report--r4",
                      R"({"version":1,"withdrawn":true})"));
  const std::string at(kAtlantis), bo(kBorduria);
  log.push_back(Entry(next(), "notification.sent", "2026-03-01T00:00:00Z", "notification--n1",
                      R"({"id":"notification--n1","kind":"incident-alert","from":")" + at + R"(","to":[")" + bo +
                          R"("],"priority":"urgent","sent_at":"2026-03-01T00:00:00Z","due":"2026-03-02T00:00:00Z","tlp":"AMBER","exercise":false})"));
  log.push_back(Entry(next(), "notification.replied", "2026-03-01T01:00:00Z", "notification--n1",
                      R"({"notification":"notification--n1","reply":"notification-reply--1","from":")" + bo +
                          R"(","kind":"acknowledgment","at":"2026-03-01T01:00:00Z","exercise":false,"state":"acknowledged","late":false})"));
  log.push_back(Entry(next(), "notification.sent", "2026-04-01T00:00:00Z", "notification--n2",
                      R"({"id":"notification--n2","kind":"request-for-assistance","from":")" + at + R"(","to":[")" + bo +
                          R"("],"priority":"normal","sent_at":"2026-04-01T00:00:00Z","due":"2026-04-04T00:00:00Z","tlp":"AMBER","exercise":false})"));
  log.push_back(Entry(next(), "notification.overdue", "2026-04-04T00:00:00Z", "notification--n2",
                      R"({"notification":"notification--n2","recipient":")" + bo +
                          R"(","due":"2026-04-04T00:00:00Z","overdue_at":"2026-04-04T00:00:00Z","exercise":false})"));
  log.push_back(Entry(next(), "notification.replied", "2026-04-05T04:00:00Z", "notification--n2",
                      R"({"notification":"notification--n2","reply":"notification-reply--2","from":")" + bo +
                          R"(","kind":"answer","at":"2026-04-05T04:00:00Z","exercise":false,"state":"answered","late":true})"));
  log.push_back(Entry(next(), "notification.sent", "2026-05-01T00:00:00Z", "notification--p1",
                      R"({"id":"notification--p1","kind":"ping","from":")" + std::string(kSecretariat) + R"(","to":[")" + at +
                          R"(",")" + bo + R"("],"priority":"normal","sent_at":"2026-05-01T00:00:00Z","due":"2026-05-03T00:00:00Z","tlp":"GREEN","exercise":false})"));
  log.push_back(Entry(next(), "notification.replied", "2026-05-04T00:00:00Z", "notification--p1",
                      R"({"notification":"notification--p1","reply":"notification-reply--3","from":")" + at +
                          R"(","kind":"acknowledgment","at":"2026-05-04T00:00:00Z","exercise":false,"state":"acknowledged","late":true})"));
  log.push_back(Entry(next(), "case.filed", "2026-06-01T00:00:00Z", "case--c1",
                      R"({"id":"case--c1","allegation_id":"allegation--a1","stage":"filed",
                          "parties":{"filer_kind":"state","filer_state":"AT","accused_state":"BO"},
                          "history":[{"stage":"filed","at":"2026-06-01T00:00:00Z","by":"filer"}],
                          "non_cooperation":[],"appeal_used":false,"evidence":[],"findings":[],
                          "reports":["incident-report--r1"],"filed_at":"2026-06-01T00:00:00Z","exercise":false})"));
  log.push_back(Entry(next(), "case.transitioned", "2026-06-02T00:00:00Z", "case--c1",
                      R"({"case":"case--c1","from":"filed","to":"admissibility-review","by":"secretariat","at":"2026-06-02T00:00:00Z"})"));
  log.push_back(Entry(next(), "case.transitioned", "2026-06-03T00:00:00Z", "case--c1",
                      R"({"case":"case--c1","from":"admissibility-review","to":"admitted","by":"secretariat","at":"2026-06-03T00:00:00Z"})"));
  log.push_back(Entry(next(), "case.transitioned", "2026-06-04T00:00:00Z", "case--c1",
                      R"({"case":"case--c1","from":"admitted","to":"information-requested","by":"secretariat","at":"2026-06-04T00:00:00Z","deadline":"2026-07-04T00:00:00Z"})"));
  log.push_back(Entry(next(), "case.deadline-expired", "2026-07-04T00:00:00Z", "case--c1",
                      R"({"case":"case--c1","from":"information-requested","to":"investigation","by":"deadline","at":"2026-07-04T00:00:00Z",
                          "expired":"information-requested","non_cooperation":[{"side":"accused","stage":"information-requested","deadline":"2026-07-04T00:00:00Z"}]})"));
  log.push_back(Entry(next(), "case.transitioned", "2026-08-01T00:00:00Z", "case--c1",
                      R"({"case":"case--c1","from":"investigation","to":"panel-selected","by":"secretariat","at":"2026-08-01T00:00:00Z"})"));
  log.push_back(Entry(next(), "case.transitioned", "2026-08-02T00:00:00Z", "case--c1",
                      R"({"case":"case--c1","from":"panel-selected","to":"hearing","by":"panel","at":"2026-08-02T00:00:00Z"})"));
  log.push_back(Entry(next(), "case.finding-issued", "2026-09-01T00:00:00Z", "case--c1",
                      R"({"case":"case--c1","finding":{"schema":"accord.finding/1","id":"finding--f1","case_id":"case--c1","outcome":"violation",
                          "norms_violated":["ACN-B1"],"reasoning":"r","issued_at":"2026-09-01T00:00:00Z","appeal":false},
                          "intent":"deliberate","red_lines":[],"stage":"finding","deadline":"2026-10-31T00:00:00Z"})"));
  log.push_back(Entry(next(), "case.transitioned", "2026-11-01T00:00:00Z", "case--c1",
                      R"({"case":"case--c1","from":"finding","to":"remedy-and-response","by":"secretariat","at":"2026-11-01T00:00:00Z"})"));
  log.push_back(Entry(next(), "response.recommended", "2026-11-01T00:00:00Z", "case--c1",
                      R"({"schema":"accord.response-recommendation/1","ladder_version":"1","outcome":"violation","rationale":[],
                          "red_line_min_rung":null,"rung":"public-statement","rung_by_points":"public-statement","total_points":80,
                          "case":"case--c1","accused_state":"BO","finding":"finding--f1"})"));
  log.push_back(Entry(next(), "response.remediation-recorded", "2026-12-01T00:00:00Z", "case--c1",
                      R"({"case":"case--c1","accused_state":"BO","finding":"finding--f1",
                          "remediation":{"status":"partial","date":"2026-12-01"},"previous":{"status":"none"}})"));
  log.push_back(Entry(next(), "notification.sent", "2026-12-31T00:00:00Z", "notification--n3",
                      R"({"id":"notification--n3","kind":"incident-alert","from":")" + at + R"(","to":[")" + bo +
                          R"("],"priority":"normal","sent_at":"2026-12-31T00:00:00Z","due":"2027-01-03T00:00:00Z","tlp":"AMBER","exercise":false})"));
  return log;
}

}  // namespace accord::transparency::testing
