// accord contact|notify|ping|exercise: the notification channel from the
// command line (issue 8, docs/notifications.md), over the node's HTTP API
// like every client: points of contact, notifications and their threads,
// ping tests of the directory, and exercises (a scenario injected into a
// node, then the response times per party: cli/exercise_command.cc runs
// those). The subcommands are registered here; each runs one call or a few.
#include <CLI/CLI.hpp>

#include <cstdio>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "cli/command_groups.h"
#include "cli/notify_calls.h"

namespace accord::cli {
namespace {

using core::JsonType;
using core::JsonValue;

// ---------------------------------------------------------------------------
// Options.

struct ContactOptions {
  NodeClientOptions client;
  std::string party;
  std::filesystem::path file;
  std::string organisation, role, hours, phone, email, secure_channel;
  std::vector<std::string> languages, names;
  bool csv = false;
};

struct NotifyOptions {
  NodeClientOptions client;
  std::string id;
  std::vector<std::string> to;
  std::string kind = "incident-alert";
  std::string priority = "normal";
  std::string subject, body, tlp = "AMBER";
  std::filesystem::path body_file;
  std::vector<std::string> related;
  bool exercise = false;
  // list
  std::string role, state, exercise_filter, kind_filter;
  int limit = 100;
  // reply
  std::string reply_kind;
};

struct PingOptions {
  NodeClientOptions client;
  std::vector<std::string> to;
  bool exercise = false;
};


// ---------------------------------------------------------------------------
// Points of contact.

core::Status RunContactSet(const ContactOptions& options) {
  JsonValue body;
  if (!options.file.empty()) {
    auto text = core::ReadFile(options.file);
    if (!text) return text.error().Context("--file " + options.file.string());
    auto parsed = core::ParseJsonStrict(*text);
    if (!parsed) return core::InvalidArgument("--file " + options.file.string() + ": " + parsed.error().message);
    body = std::move(*parsed);
  } else {
    if (options.organisation.empty() || options.role.empty() || options.hours.empty() || options.languages.empty())
      return core::InvalidArgument(
          "contact set: give --organisation, --role, --language and --hours (or --file CONTACT.json)");
    core::JsonObject restricted;
    if (!options.names.empty()) restricted.push_back({"names", Texts(options.names)});
    if (!options.phone.empty()) restricted.push_back({"phone", Text(options.phone)});
    if (!options.email.empty()) restricted.push_back({"email", Text(options.email)});
    if (!options.secure_channel.empty()) restricted.push_back({"secure_channel", Text(options.secure_channel)});
    body = JsonValue::Object({{"public", JsonValue::Object({{"organisation", Text(options.organisation)},
                                                            {"role", Text(options.role)},
                                                            {"languages", Texts(options.languages)},
                                                            {"hours", Text(options.hours)}})},
                              {"restricted", JsonValue::Object(std::move(restricted))}});
  }
  auto connection = ConnectToNode(options.client, TokenUse::kRequired);
  if (!connection) return connection.error();
  auto answer = Call(*connection, "PUT", "/v1/parties/" + options.party + "/contact", body);
  if (!answer) return answer.error();
  if (options.client.json) return PrintJson(*answer), core::Ok();
  Print("updated the point of contact of " + options.party + " (log index " + MemberText(*answer, "log_index") + ")");
  return core::Ok();
}

core::Status RunContactList(const ContactOptions& options) {
  auto connection = ConnectToNode(options.client, TokenUse::kOptional);
  if (!connection) return connection.error();
  if (options.csv) {
    auto raw = CallNodeRaw(*connection, "GET", "/v1/contacts?format=csv", std::nullopt, connection->token);
    if (!raw) return raw.error();
    std::fputs(raw->c_str(), stdout);
    return core::Ok();
  }
  auto answer = Call(*connection, "GET", "/v1/contacts");
  if (!answer) return answer.error();
  if (options.client.json) return PrintJson(*answer), core::Ok();
  for (const auto& item : Items(*answer)) {
    const JsonValue* pub = item.Find("public");
    std::string line = MemberText(item, "party");
    if (pub != nullptr)
      line += "  " + MemberText(*pub, "organisation") + " (" + MemberText(*pub, "role") + "; " + Joined(*pub, "languages") +
              "; " + MemberText(*pub, "hours") + ")";
    if (const JsonValue* restricted = item.Find("restricted")) {
      for (std::string_view name : {"email", "phone", "secure_channel"})
        if (!MemberText(*restricted, name).empty()) line += "  " + MemberText(*restricted, name);
    }
    Print(line);
  }
  return core::Ok();
}

// ---------------------------------------------------------------------------
// Notifications.

core::Status RunNotifySend(const NotifyOptions& options) {
  auto body_text = BodyText(options.body, options.body_file);
  if (!body_text) return body_text.error();
  core::JsonObject members{{"kind", Text(options.kind)},         {"to", Texts(options.to)},
                           {"priority", Text(options.priority)}, {"subject", Text(options.subject)},
                           {"body", Text(*body_text)},           {"tlp", Text(options.tlp)},
                           {"exercise", JsonValue::Bool(options.exercise)}};
  if (!options.related.empty()) members.push_back({"related_reports", Texts(options.related)});
  auto connection = ConnectToNode(options.client, TokenUse::kRequired);
  if (!connection) return connection.error();
  auto answer = Call(*connection, "POST", "/v1/notifications", JsonValue::Object(std::move(members)));
  if (!answer) return answer.error();
  if (options.client.json) return PrintJson(*answer), core::Ok();
  Print(MemberText(*answer, "id"));
  std::fprintf(stderr, "sent at %s; acknowledgment due %s (log index %s)\n", MemberText(*answer, "sent_at").c_str(),
               MemberText(*answer, "due").c_str(), MemberText(*answer, "log_index").c_str());
  return core::Ok();
}

std::string StatusLine(const JsonValue& status) {
  std::string line = "  " + MemberText(status, "recipient") + "  " + MemberText(status, "state") + "  due " +
                     MemberText(status, "due");
  if (!MemberText(status, "acknowledged_at").empty()) line += "  acknowledged " + MemberText(status, "acknowledged_at");
  if (status.Find("late") != nullptr && status.Find("late")->type() == JsonType::kBool && status.Find("late")->AsBool())
    line += "  LATE";
  return line;
}

core::Status RunNotifyList(const NotifyOptions& options) {
  auto connection = ConnectToNode(options.client, TokenUse::kRequired);
  if (!connection) return connection.error();
  auto answer = Call(*connection, "GET",
                     WithQuery("/v1/notifications", {{"role", options.role},
                                                     {"state", options.state},
                                                     {"exercise", options.exercise_filter},
                                                     {"kind", options.kind_filter},
                                                     {"limit", std::to_string(options.limit)}}));
  if (!answer) return answer.error();
  if (options.client.json) return PrintJson(*answer), core::Ok();
  for (const auto& item : Items(*answer)) {
    const JsonValue* notification = item.Find("notification");
    if (notification == nullptr) continue;
    std::string line = MemberText(item, "id") + "  " + MemberText(*notification, "kind") + "  " +
                       MemberText(*notification, "priority") + "  " + MemberText(item, "state") + "  " +
                       MemberText(*notification, "sent_at") + "  " + MemberText(*notification, "from") + " -> " +
                       Joined(*notification, "to");
    if (MemberText(item, "exercise") == "true") line += "  [exercise]";
    if (!MemberText(*notification, "subject").empty()) line += "\n  " + MemberText(*notification, "subject");
    Print(line);
  }
  return core::Ok();
}

core::Status RunNotifyShow(const NotifyOptions& options) {
  auto connection = ConnectToNode(options.client, TokenUse::kRequired);
  if (!connection) return connection.error();
  auto answer = Call(*connection, "GET", "/v1/notifications/" + options.id);
  if (!answer) return answer.error();
  if (options.client.json) return PrintJson(*answer), core::Ok();
  const JsonValue* notification = answer->Find("notification");
  if (notification == nullptr) return core::Corrupt("the node's answer has no \"notification\"");
  Print(MemberText(*answer, "id") + "  " + MemberText(*notification, "kind") + "  " + MemberText(*notification, "priority") +
        "  TLP:" + MemberText(*notification, "tlp") + "  " + MemberText(*answer, "state") +
        (MemberText(*answer, "exercise") == "true" ? "  [exercise]" : ""));
  Print("from " + MemberText(*notification, "from") + " at " + MemberText(*notification, "sent_at"));
  if (!MemberText(*notification, "subject").empty()) Print("subject: " + MemberText(*notification, "subject"));
  if (!MemberText(*notification, "body").empty()) Print("\n" + MemberText(*notification, "body") + "\n");
  if (!Joined(*notification, "related_reports").empty()) Print("related: " + Joined(*notification, "related_reports"));
  Print("recipients:");
  if (const JsonValue* statuses = answer->Find("statuses"); statuses != nullptr && statuses->type() == JsonType::kArray)
    for (const auto& status : statuses->AsArray()) Print(StatusLine(status));
  if (const JsonValue* replies = answer->Find("replies"); replies != nullptr && replies->type() == JsonType::kArray) {
    if (!replies->AsArray().empty()) Print("thread:");
    for (const auto& reply : replies->AsArray()) {
      std::string line = "  " + MemberText(reply, "at") + "  " + MemberText(reply, "from") + "  " + MemberText(reply, "kind");
      if (!MemberText(reply, "body").empty()) line += ": " + MemberText(reply, "body");
      Print(line);
    }
  }
  return core::Ok();
}

core::Status RunNotifyReply(const NotifyOptions& options) {
  auto body_text = BodyText(options.body, options.body_file);
  if (!body_text) return body_text.error();
  core::JsonObject members{{"kind", Text(options.reply_kind)}};
  if (!body_text->empty()) members.push_back({"body", Text(*body_text)});
  auto connection = ConnectToNode(options.client, TokenUse::kRequired);
  if (!connection) return connection.error();
  auto answer = Call(*connection, "POST", "/v1/notifications/" + options.id + "/replies",
                     JsonValue::Object(std::move(members)));
  if (!answer) return answer.error();
  if (options.client.json) return PrintJson(*answer), core::Ok();
  std::string line = MemberText(*answer, "id");
  if (!MemberText(*answer, "state").empty())
    line += "  your status: " + MemberText(*answer, "state") + (MemberText(*answer, "late") == "true" ? " (late)" : "");
  Print(line);
  return core::Ok();
}

// ---------------------------------------------------------------------------
// Pings.

core::Status RunPingSend(const PingOptions& options) {
  JsonValue to = options.to.size() == 1 && options.to[0] == "all" ? Text("all") : Texts(options.to);
  auto connection = ConnectToNode(options.client, TokenUse::kRequired);
  if (!connection) return connection.error();
  auto answer = Call(*connection, "POST", "/v1/pings",
                     JsonValue::Object({{"to", std::move(to)}, {"exercise", JsonValue::Bool(options.exercise)}}));
  if (!answer) return answer.error();
  if (options.client.json) return PrintJson(*answer), core::Ok();
  Print(MemberText(*answer, "id"));
  std::fprintf(stderr, "ping sent; acknowledgment due %s (log index %s)\n", MemberText(*answer, "due").c_str(),
               MemberText(*answer, "log_index").c_str());
  return core::Ok();
}

std::string Seconds(const JsonValue& object, std::string_view name) {
  std::string text = MemberText(object, name);
  return text.empty() ? "-" : text;
}

core::Status RunPingReport(const PingOptions& options) {
  auto connection = ConnectToNode(options.client, TokenUse::kOptional);
  if (!connection) return connection.error();
  auto answer = Call(*connection, "GET", options.exercise ? "/v1/pings?exercise=true" : "/v1/pings");
  if (!answer) return answer.error();
  if (options.client.json) return PrintJson(*answer), core::Ok();
  Print("pings: " + MemberText(*answer, "pings") + " as of " + MemberText(*answer, "as_of") +
        (options.exercise ? " (exercise)" : ""));
  Print("party  pings  on-time  late  missed  pending  median-s  max-s");
  if (const JsonValue* parties = answer->Find("parties"); parties != nullptr && parties->type() == JsonType::kArray)
    for (const auto& party : parties->AsArray())
      Print(MemberText(party, "party") + "  " + MemberText(party, "pings") + "  " + MemberText(party, "on_time") + "  " +
            MemberText(party, "late") + "  " + MemberText(party, "missed") + "  " + MemberText(party, "pending") + "  " +
            Seconds(party, "median_seconds_to_acknowledge") + "  " + Seconds(party, "max_seconds_to_acknowledge"));
  return core::Ok();
}

}  // namespace

GroupDispatch AddNotificationCommands(CLI::App& app) {
  // The options live as long as the dispatch function that reads them.
  auto contact = std::make_shared<ContactOptions>();
  auto notify = std::make_shared<NotifyOptions>();
  auto ping = std::make_shared<PingOptions>();
  auto exercise = std::make_shared<ExerciseOptions>();

  auto* contact_command = app.add_subcommand("contact", "Points of contact: keep yours current, read the directory");
  contact_command->require_subcommand(1);
  auto* contact_set = contact_command->add_subcommand(
      "set", "Set a party's point of contact (the party itself or the secretariat); the public part is on the log");
  AddClientOptions(contact_set, contact->client);
  contact_set->add_option("party", contact->party, "The party's id (party--...)")->required();
  contact_set->add_option("--file", contact->file, "The point of contact as JSON ({\"public\":...,\"restricted\":...})");
  contact_set->add_option("--organisation", contact->organisation, "PUBLIC: e.g. \"National CERT\"");
  contact_set->add_option("--role", contact->role, "PUBLIC: e.g. technical or diplomatic");
  contact_set->add_option("--language", contact->languages, "PUBLIC: a language tag (RFC 5646); repeat for more");
  contact_set->add_option("--hours", contact->hours, "PUBLIC: e.g. 24/7");
  contact_set->add_option("--name", contact->names, "RESTRICTED: a person's name; repeat for more");
  contact_set->add_option("--phone", contact->phone, "RESTRICTED: E.164 phone number (+41...)");
  contact_set->add_option("--email", contact->email, "RESTRICTED: e-mail address");
  contact_set->add_option("--secure-channel", contact->secure_channel, "RESTRICTED: e.g. a Matrix room and key fingerprint");
  auto* contact_list = contact_command->add_subcommand(
      "list", "Print the directory of points of contact (restricted details for state parties and the secretariat)");
  AddClientOptions(contact_list, contact->client);
  contact_list->add_flag("--csv", contact->csv, "Print the public directory as CSV");

  auto* notify_command = app.add_subcommand("notify", "Notifications between parties, with acknowledgment deadlines");
  notify_command->require_subcommand(1);
  auto* notify_send = notify_command->add_subcommand(
      "send", "Send a notification (state parties, secretariat); prints its id and the acknowledgment deadline");
  AddClientOptions(notify_send, notify->client);
  notify_send->add_option("--to", notify->to, "A recipient party id; repeat for more")->required();
  notify_send->add_option("--kind", notify->kind, "What it is")
      ->check(CLI::IsMember({"incident-alert", "request-for-assistance", "request-for-consultation", "advance-notice",
                             "ping"}))
      ->capture_default_str();
  notify_send->add_option("--priority", notify->priority, "urgent (24 h to acknowledge by default) or normal (72 h)")
      ->check(CLI::IsMember({"urgent", "normal"}))
      ->capture_default_str();
  notify_send->add_option("--subject", notify->subject, "Subject (confidential: never on the log)")->required();
  notify_send->add_option("--body", notify->body, "Body text (confidential)");
  notify_send->add_option("--body-file", notify->body_file, "File holding the body text");
  notify_send->add_option("--tlp", notify->tlp, "CLEAR, GREEN, AMBER, AMBER+STRICT or RED")->capture_default_str();
  notify_send->add_option("--related", notify->related, "A related report id; repeat for more");
  notify_send->add_flag("--exercise", notify->exercise, "Part of an exercise: kept out of real statistics");
  auto* notify_list = notify_command->add_subcommand("list", "List the notifications you sent or received");
  AddClientOptions(notify_list, notify->client);
  notify_list->add_option("--role", notify->role, "sent or received")->check(CLI::IsMember({"sent", "received"}));
  notify_list->add_option("--state", notify->state, "open or acknowledged")->check(CLI::IsMember({"open", "acknowledged"}));
  notify_list->add_option("--exercise", notify->exercise_filter, "true: exercises only; false: real ones only")
      ->check(CLI::IsMember({"true", "false"}));
  notify_list->add_option("--kind", notify->kind_filter, "Only this kind");
  notify_list->add_option("--limit", notify->limit, "At most this many (1..1000)")->capture_default_str();
  auto* notify_show = notify_command->add_subcommand(
      "show", "Show a notification's thread and each recipient's status (a recipient's first read is its delivery receipt)");
  AddClientOptions(notify_show, notify->client);
  notify_show->add_option("id", notify->id, "The notification id")->required();
  auto* notify_reply = notify_command->add_subcommand(
      "reply", "Acknowledge, answer or add a note to a notification (acknowledging stops its deadline)");
  AddClientOptions(notify_reply, notify->client);
  notify_reply->add_option("id", notify->id, "The notification id")->required();
  notify_reply->add_option("--kind", notify->reply_kind, "acknowledgment, answer or note")
      ->required()
      ->check(CLI::IsMember({"acknowledgment", "answer", "note"}));
  notify_reply->add_option("--body", notify->body, "Text (required for an answer)");
  notify_reply->add_option("--body-file", notify->body_file, "File holding the text");

  auto* ping_command = app.add_subcommand("ping", "Ping tests of the points of contact (communication checks)");
  ping_command->require_subcommand(1);
  auto* ping_send = ping_command->add_subcommand("send", "Ping parties' points of contact (secretariat); prints the ping's id");
  AddClientOptions(ping_send, ping->client);
  ping_send->add_option("--to", ping->to, "A party id, repeatable, or \"all\" for every active state party")->required();
  ping_send->add_flag("--exercise", ping->exercise, "Part of an exercise: kept out of the real ping figures");
  auto* ping_report = ping_command->add_subcommand(
      "report", "Print each party's ping results: on time, late, missed, pending, seconds to acknowledge");
  AddClientOptions(ping_report, ping->client);
  ping_report->add_flag("--exercise", ping->exercise, "The exercise pings instead of the real ones");

  auto* exercise_command = app.add_subcommand("exercise", "Exercises: inject a scenario, then measure response times");
  exercise_command->require_subcommand(1);
  auto* exercise_run = exercise_command->add_subcommand(
      "run", "Inject a scenario's notifications, pings and reports (all marked exercise) at their offsets");
  AddClientOptions(exercise_run, exercise->client);
  exercise_run->add_option("scenario", exercise->scenario, "The scenario file (TOML; see examples/exercises/)")
      ->required();
  exercise_run->add_flag("--no-wait", exercise->no_wait, "Inject every step at once, ignoring the offsets");
  auto* exercise_report = exercise_command->add_subcommand(
      "report", "Print per-party response times to exercise notifications: on time, late, missed, median and max seconds");
  AddClientOptions(exercise_report, exercise->client);
  exercise_report->add_option("--since", exercise->since, "Only notifications sent at or after this RFC 3339 time");

  return [=]() -> std::optional<core::Status> {
    if (*contact_set) return RunContactSet(*contact);
    if (*contact_list) return RunContactList(*contact);
    if (*notify_send) return RunNotifySend(*notify);
    if (*notify_list) return RunNotifyList(*notify);
    if (*notify_show) return RunNotifyShow(*notify);
    if (*notify_reply) return RunNotifyReply(*notify);
    if (*ping_send) return RunPingSend(*ping);
    if (*ping_report) return RunPingReport(*ping);
    if (*exercise_run) return RunExerciseRun(*exercise);
    if (*exercise_report) return RunExerciseReport(*exercise);
    return std::nullopt;
  };
}

}  // namespace accord::cli
