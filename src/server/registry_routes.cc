#include "server/registry_routes.h"

#include <memory>

#include "core/canonical_json.h"
#include "core/json_reader.h"
#include "exchange/import_plan_json.h"
#include "server/problem.h"

namespace accord::server {
namespace {

using registry::Caller;
using registry::QueryParams;
using registry::Reply;

Response WithAuthChallenge(Response response) {
  if (response.status == 401)
    response.SetHeader("WWW-Authenticate", "Bearer realm=\"accord\"");
  return response;
}

Response ReplyToResponse(const Reply& reply, const Request& request) {
  const std::string path = request.parsed.Path();
  if (reply.error) {
    if (!reply.fields.empty()) {
      Problem problem;
      problem.type = "/problems/validation_failed";
      problem.title = "The document does not follow its schema";
      problem.status = 422;
      problem.detail = reply.error->message;
      problem.instance = path;
      for (const auto& field : reply.fields) problem.errors.push_back({field.pointer, field.message});
      return ProblemResponse(problem);
    }
    return WithAuthChallenge(ProblemResponse(*reply.error, path));
  }
  Response response =
      reply.content_type.empty()
          ? JsonResponse(reply.created ? 201 : 200,
                         reply.raw_body.empty() ? core::SerializeCanonical(reply.body) : reply.raw_body)
          : TextResponse(reply.created ? 201 : 200, reply.raw_body, reply.content_type);
  for (const auto& [name, value] : reply.headers) response.SetHeader(name, value);
  if (!reply.location.empty()) response.SetHeader("Location", reply.location);
  return response;
}

std::string ClientAddress(const Request& request) {
  std::string_view address = request.remote_address;
  if (auto colon = address.rfind(':'); colon != std::string_view::npos) address = address.substr(0, colon);
  return "ip:" + std::string(address);
}

// What every route does first: who is calling, and whether they are within
// their rate. Returns the caller, or the response to send instead.
class Gate {
 public:
  Gate(registry::Registry& registry, RateLimiter* limiter) : registry_(registry), limiter_(limiter) {}

  std::variant<Caller, Response> Admit(const Request& request) const {
    const std::string path = request.parsed.Path();
    auto bearer = BearerToken(request);
    if (!bearer) return WithAuthChallenge(ProblemResponse(bearer.error(), path));
    auto caller = registry_.Authenticate(*bearer);
    if (!caller) return WithAuthChallenge(ProblemResponse(caller.error(), path));
    if (limiter_) {
      std::string key = caller->anonymous() ? ClientAddress(request) : caller->token_id;
      RateDecision decision = limiter_->Admit(key);
      if (!decision.allowed) {
        Problem problem;
        problem.type = "/problems/rate_limited";
        problem.title = "Too many requests";
        problem.status = 429;
        problem.detail = "rate limit reached for " +
                         std::string(caller->anonymous() ? "this address" : "token " + caller->token_id) +
                         "; retry in " + std::to_string(decision.retry_after.count()) + " s";
        problem.instance = path;
        problem.extra_headers.emplace_back("Retry-After", std::to_string(decision.retry_after.count()));
        return ProblemResponse(problem);
      }
    }
    return std::move(*caller);
  }

 private:
  registry::Registry& registry_;
  RateLimiter* limiter_;
};

// The request's body as strict JSON, or the problem to answer with: 415
// for another media type, 400 for text that is not I-JSON (the reader's
// message names line and column).
std::variant<core::JsonValue, Response> JsonBody(const Request& request,
                                                 const core::JsonLimits& limits = {}) {
  const std::string path = request.parsed.Path();
  // No body and no media type at all (curl -X POST .../revoke) is an
  // empty object: the command then says which members it needs. An empty
  // body announced as JSON is not JSON, and is refused as such below.
  if (request.body.empty() && request.Header("Content-Type") == nullptr)
    return core::JsonValue::Object({});
  const std::string* type = request.Header("Content-Type");
  std::string_view media = type ? std::string_view(*type) : std::string_view();
  if (auto semicolon = media.find(';'); semicolon != std::string_view::npos) media = media.substr(0, semicolon);
  while (!media.empty() && media.back() == ' ') media.remove_suffix(1);
  if (!EqualsIgnoreCase(media, "application/json")) {
    Problem problem;
    problem.type = "/problems/unsupported_media_type";
    problem.title = "Unsupported media type";
    problem.status = 415;
    problem.detail = type ? "Content-Type is \"" + *type + "\"; send application/json"
                          : "the request has no Content-Type; send application/json";
    problem.instance = path;
    problem.extra_headers.emplace_back("Accept-Post", "application/json");
    return ProblemResponse(problem);
  }
  auto parsed = core::ParseJsonStrict(request.body, limits);
  if (!parsed) return ProblemResponse(parsed.error().Context("request body"), path);
  return std::move(*parsed);
}

// A list asked for as CSV by its Accept header (RFC 9110 section 12.5.1)
// gets format=csv, unless the query names a format itself.
QueryParams ListParams(const Request& request) {
  QueryParams params = request.parsed.query;
  const std::string* accept = request.Header("Accept");
  if (accept == nullptr || accept->find("text/csv") == std::string::npos) return params;
  for (const auto& [name, value] : params)
    if (name == "format") return params;
  params.emplace_back("format", "csv");
  return params;
}

// POST /v1/imports: the wire form (exchange/import_plan_json.h) is decoded
// here, on the request's thread, with every violation listed (422); the
// registry then prepares and decides every item.
void PostImport(registry::Registry& registry, const Gate& gate, const Request& request,
                RouteResponder respond) {
  auto admitted = gate.Admit(request);
  if (auto* refused = std::get_if<Response>(&admitted)) return respond(std::move(*refused));
  const Caller& caller = std::get<Caller>(admitted);
  auto shared_request = std::make_shared<Request>();
  shared_request->parsed = request.parsed;  // for the problem's instance
  auto responder = std::make_shared<RouteResponder>(std::move(respond));
  auto answer = [responder, shared_request](Reply reply) {
    (*responder)(ReplyToResponse(reply, *shared_request));
  };
  // Who may import is decided before the body is read: the registry
  // refuses anyone but the secretariat at once.
  if (caller.reader.role != privacy::Role::kSecretariat)
    return registry.Import(caller, registry::ImportRequest{}, std::move(answer));
  core::JsonLimits limits;
  limits.max_input_bytes = kMaxImportBodyBytes;
  limits.max_string_bytes = std::size_t{4} << 20;
  auto body = JsonBody(request, limits);
  if (auto* refused = std::get_if<Response>(&body)) return (*responder)(std::move(*refused));
  auto decoded = exchange::DecodeImportRequest(std::get<core::JsonValue>(body));
  if (auto* errors = std::get_if<std::vector<model::FieldError>>(&decoded)) {
    Reply reply;
    std::string summary = errors->front().ToString();
    if (errors->size() > 1) summary += " (and " + std::to_string(errors->size() - 1) + " more)";
    reply.error = core::InvalidArgument("the import request is invalid: " + summary);
    reply.fields = std::move(*errors);
    return answer(std::move(reply));
  }
  auto& document = std::get<exchange::ImportDocument>(decoded);
  registry.Import(caller,
                  registry::ImportRequest{std::move(document.plan), document.partial,
                                          std::move(document.source)},
                  std::move(answer));
}

using Command = std::function<void(registry::Registry&, const Caller&, const PathParams&,
                                   const core::JsonValue&, registry::ReplyFn)>;

// A route that writes: gate, body, command; answered once durable.
AsyncRouteHandler WriteRoute(registry::Registry& registry, std::shared_ptr<Gate> gate, Command command) {
  return [&registry, gate, command = std::move(command)](const Request& request, const PathParams& params,
                                                         RouteResponder respond) {
    auto admitted = gate->Admit(request);
    if (auto* refused = std::get_if<Response>(&admitted)) return respond(std::move(*refused));
    auto body = JsonBody(request);
    if (auto* refused = std::get_if<Response>(&body)) return respond(std::move(*refused));
    auto shared_request = std::make_shared<Request>();
    shared_request->parsed = request.parsed;  // for the problem's instance
    command(registry, std::get<Caller>(admitted), params, std::get<core::JsonValue>(body),
            [respond = std::move(respond), shared_request](Reply reply) {
              respond(ReplyToResponse(reply, *shared_request));
            });
  };
}

using Query = std::function<Reply(registry::Registry&, const Caller&, const Request&, const PathParams&)>;

RouteHandler ReadRoute(registry::Registry& registry, std::shared_ptr<Gate> gate, Query query) {
  return [&registry, gate, query = std::move(query)](const Request& request, const PathParams& params) {
    auto admitted = gate->Admit(request);
    if (auto* refused = std::get_if<Response>(&admitted)) return std::move(*refused);
    return ReplyToResponse(query(registry, std::get<Caller>(admitted), request, params), request);
  };
}

}  // namespace

core::Status AddRegistryRoutes(Router& router, registry::Registry& registry, RateLimiter* limiter) {
  auto gate = std::make_shared<Gate>(registry, limiter);
  using R = registry::Registry;
  using J = core::JsonValue;
  struct Write {
    Method method;
    const char* pattern;
    Command command;
  };
  const Write writes[] = {
      {Method::kPost, "/v1/reports",
       [](R& r, const Caller& c, const PathParams&, const J& b, registry::ReplyFn f) {
         r.SubmitReport(c, b, std::move(f));
       }},
      {Method::kPut, "/v1/reports/{id}",
       [](R& r, const Caller& c, const PathParams& p, const J& b, registry::ReplyFn f) {
         r.AmendReport(c, p.at("id"), b, std::move(f));
       }},
      {Method::kPost, "/v1/reports/{id}/withdraw",
       [](R& r, const Caller& c, const PathParams& p, const J& b, registry::ReplyFn f) {
         r.WithdrawReport(c, p.at("id"), b, std::move(f));
       }},
      {Method::kPost, "/v1/parties",
       [](R& r, const Caller& c, const PathParams&, const J& b, registry::ReplyFn f) {
         r.RegisterParty(c, b, std::move(f));
       }},
      {Method::kPost, "/v1/parties/{id}/revoke",
       [](R& r, const Caller& c, const PathParams& p, const J& b, registry::ReplyFn f) {
         r.RevokeParty(c, p.at("id"), b, std::move(f));
       }},
      {Method::kPost, "/v1/tokens",
       [](R& r, const Caller& c, const PathParams&, const J& b, registry::ReplyFn f) {
         r.IssueToken(c, b, std::move(f));
       }},
      {Method::kPost, "/v1/tokens/{id}/revoke",
       [](R& r, const Caller& c, const PathParams& p, const J&, registry::ReplyFn f) {
         r.RevokeToken(c, p.at("id"), std::move(f));
       }},
      // Notifications (docs/notifications.md).
      {Method::kPut, "/v1/parties/{id}/contact",
       [](R& r, const Caller& c, const PathParams& p, const J& b, registry::ReplyFn f) {
         r.UpdateContact(c, p.at("id"), b, std::move(f));
       }},
      {Method::kPost, "/v1/notifications",
       [](R& r, const Caller& c, const PathParams&, const J& b, registry::ReplyFn f) {
         r.SendNotification(c, b, std::move(f));
       }},
      {Method::kPost, "/v1/notifications/{id}/replies",
       [](R& r, const Caller& c, const PathParams& p, const J& b, registry::ReplyFn f) {
         r.ReplyToNotification(c, p.at("id"), b, std::move(f));
       }},
      {Method::kPost, "/v1/pings",
       [](R& r, const Caller& c, const PathParams&, const J& b, registry::ReplyFn f) {
         r.SendPing(c, b, std::move(f));
       }},
      // Cases (docs/grievance.md).
      {Method::kPost, "/v1/cases",
       [](R& r, const Caller& c, const PathParams&, const J& b, registry::ReplyFn f) {
         r.FileCase(c, b, std::move(f));
       }},
      {Method::kPost, "/v1/cases/{id}/evidence",
       [](R& r, const Caller& c, const PathParams& p, const J& b, registry::ReplyFn f) {
         r.AddEvidence(c, p.at("id"), b, std::move(f));
       }},
      {Method::kPost, "/v1/cases/{id}/transitions",
       [](R& r, const Caller& c, const PathParams& p, const J& b, registry::ReplyFn f) {
         r.TransitionCase(c, p.at("id"), b, std::move(f));
       }},
      {Method::kPost, "/v1/cases/{id}/appointments",
       [](R& r, const Caller& c, const PathParams& p, const J& b, registry::ReplyFn f) {
         r.AppointArbitrator(c, p.at("id"), b, std::move(f));
       }},
      {Method::kPost, "/v1/cases/{id}/conflicts",
       [](R& r, const Caller& c, const PathParams& p, const J& b, registry::ReplyFn f) {
         r.DeclareConflict(c, p.at("id"), b, std::move(f));
       }},
      {Method::kPost, "/v1/cases/{id}/panel",
       [](R& r, const Caller& c, const PathParams& p, const J&, registry::ReplyFn f) {
         r.DrawCasePanel(c, p.at("id"), std::move(f));
       }},
      {Method::kPost, "/v1/cases/{id}/finding",
       [](R& r, const Caller& c, const PathParams& p, const J& b, registry::ReplyFn f) {
         r.IssueFinding(c, p.at("id"), b, std::move(f));
       }},
      // Responses (docs/response.md).
      {Method::kPost, "/v1/cases/{id}/remediation",
       [](R& r, const Caller& c, const PathParams& p, const J& b, registry::ReplyFn f) {
         r.RecordRemediation(c, p.at("id"), b, std::move(f));
       }},
  };
  for (const auto& write : writes)
    if (auto added = router.AddAsync(write.method, write.pattern, WriteRoute(registry, gate, write.command));
        !added)
      return added;

  if (auto added = router.AddAsync(Method::kPost, "/v1/imports",
                                   [&registry, gate](const Request& request, const PathParams&,
                                                     RouteResponder respond) {
                                     PostImport(registry, *gate, request, std::move(respond));
                                   });
      !added)
    return added;

  // GET one report answers asynchronously: a secretariat read of AMBER or
  // above is logged before it is shown.
  if (auto added = router.AddAsync(
          Method::kGet, "/v1/reports/{id}",
          [&registry, gate](const Request& request, const PathParams& params, RouteResponder respond) {
            auto admitted = gate->Admit(request);
            if (auto* refused = std::get_if<Response>(&admitted)) return respond(std::move(*refused));
            auto shared_request = std::make_shared<Request>();
            shared_request->parsed = request.parsed;
            registry.GetReport(std::get<Caller>(admitted), params.at("id"),
                               [respond = std::move(respond), shared_request](Reply reply) {
                                 respond(ReplyToResponse(reply, *shared_request));
                               });
          });
      !added)
    return added;

  // notifications: GET one notification answers asynchronously: a
  // recipient's first read is its delivery receipt, durable before the
  // content is shown.
  if (auto added = router.AddAsync(
          Method::kGet, "/v1/notifications/{id}",
          [&registry, gate](const Request& request, const PathParams& params, RouteResponder respond) {
            auto admitted = gate->Admit(request);
            if (auto* refused = std::get_if<Response>(&admitted)) return respond(std::move(*refused));
            auto shared_request = std::make_shared<Request>();
            shared_request->parsed = request.parsed;
            registry.GetNotification(std::get<Caller>(admitted), params.at("id"),
                                     [respond = std::move(respond), shared_request](Reply reply) {
                                       respond(ReplyToResponse(reply, *shared_request));
                                     });
          });
      !added)
    return added;

  // cases: GET one evidence item answers asynchronously: each read is a
  // custody entry (case.evidence-accessed), durable before the content is shown.
  if (auto added = router.AddAsync(
          Method::kGet, "/v1/cases/{id}/evidence/{eid}",
          [&registry, gate](const Request& request, const PathParams& params, RouteResponder respond) {
            auto admitted = gate->Admit(request);
            if (auto* refused = std::get_if<Response>(&admitted)) return respond(std::move(*refused));
            auto shared_request = std::make_shared<Request>();
            shared_request->parsed = request.parsed;
            registry.GetEvidence(std::get<Caller>(admitted), params.at("id"), params.at("eid"),
                                 [respond = std::move(respond), shared_request](Reply reply) {
                                   respond(ReplyToResponse(reply, *shared_request));
                                 });
          });
      !added)
    return added;

  struct Read {
    const char* pattern;
    Query query;
  };
  const Read reads[] = {
      {"/v1/reports",
       [](R& r, const Caller& c, const Request& q, const PathParams&) { return r.ListReports(c, ListParams(q)); }},
      {"/v1/statistics",
       [](R& r, const Caller&, const Request& q, const PathParams&) { return r.Statistics(q.parsed.query); }},
      {"/v1/norms", [](R& r, const Caller&, const Request&, const PathParams&) { return r.Norms(); }},
      {"/v1/norms/{id}",
       [](R& r, const Caller&, const Request&, const PathParams& p) { return r.Norm(p.at("id")); }},
      {"/v1/parties",
       [](R& r, const Caller& c, const Request& q, const PathParams&) { return r.ListParties(c, ListParams(q)); }},
      {"/v1/parties/{id}",
       [](R& r, const Caller& c, const Request&, const PathParams& p) { return r.GetParty(c, p.at("id")); }},
      {"/v1/reference/techniques",
       [](R& r, const Caller&, const Request& q, const PathParams&) { return r.ListTechniques(ListParams(q)); }},
      {"/v1/advisories",
       [](R& r, const Caller&, const Request& q, const PathParams&) { return r.ListAdvisories(ListParams(q)); }},
      {"/v1/reports/{id}/advisories",
       [](R& r, const Caller& c, const Request& q, const PathParams& p) {
         return r.ReportAdvisories(c, p.at("id"), ListParams(q));
       }},
      {"/v1/reports/{id}/assessment",
       [](R& r, const Caller&, const Request&, const PathParams& p) { return r.ReportAssessment(p.at("id")); }},
      // Notifications (docs/notifications.md).
      {"/v1/contacts",
       [](R& r, const Caller& c, const Request& q, const PathParams&) { return r.ListContacts(c, ListParams(q)); }},
      {"/v1/notifications",
       [](R& r, const Caller& c, const Request& q, const PathParams&) {
         return r.ListNotifications(c, q.parsed.query);
       }},
      {"/v1/pings", [](R& r, const Caller& c, const Request& q, const PathParams&) { return r.Pings(c, q.parsed.query); }},
      // Cases (docs/grievance.md).
      // statistics before {id}: the first matching route wins.
      {"/v1/cases/statistics",
       [](R& r, const Caller&, const Request& q, const PathParams&) { return r.CaseStatistics(q.parsed.query); }},
      {"/v1/cases",
       [](R& r, const Caller& c, const Request& q, const PathParams&) { return r.ListCases(c, q.parsed.query); }},
      {"/v1/cases/{id}",
       [](R& r, const Caller& c, const Request&, const PathParams& p) { return r.GetCase(c, p.at("id")); }},
      {"/v1/cases/{id}/panel",
       [](R& r, const Caller&, const Request& q, const PathParams& p) {
         return r.GetCasePanel(p.at("id"), q.parsed.query);
       }},
      // Responses (docs/response.md).
      {"/v1/cases/{id}/recommendation",
       [](R& r, const Caller&, const Request&, const PathParams& p) {
         return r.GetRecommendation(p.at("id"));
       }},
      {"/v1/standing",
       [](R& r, const Caller&, const Request& q, const PathParams&) {
         return r.ListStanding(q.parsed.query);
       }},
      {"/v1/parties/{id}/standing",
       [](R& r, const Caller&, const Request& q, const PathParams& p) {
         return r.PartyStanding(p.at("id"), q.parsed.query);
       }},
  };
  for (const auto& read : reads)
    if (auto added = router.Add(Method::kGet, read.pattern, ReadRoute(registry, gate, read.query)); !added)
      return added;
  return core::Ok();
}

std::vector<LargeBodyRoute> RegistryLargeBodyRoutes() {
  // POST /v1/cases carries evidence content (8 MiB per item, base64).
  return {LargeBodyRoute{Method::kPost, "/v1/imports", kMaxImportBodyBytes},
          LargeBodyRoute{Method::kPost, "/v1/cases", std::uint64_t{12} << 20},
          LargeBodyRoute{Method::kPost, "/v1/cases/{id}/evidence", std::uint64_t{12} << 20}};
}

}  // namespace accord::server
