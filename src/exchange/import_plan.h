// What an import found in a foreign document, before anything is stored.
//
// Every importer in exchange (STIX bundles, VERIS incidents, CSAF
// advisories; issue 7) turns its input into an ImportPlan: the accord
// records it could map, the objects it understood but keeps no record of
// (listed, never silently dropped), and the objects it refused, each with
// the object, the field and the reason. The plan is pure data: the node
// (registry) applies it in one batch, all or nothing unless the caller asks
// for a partial import, and the command line prints its summary.
//
// Shared by stix_import.h, veris.h and csaf.h; encoded for the wire by
// import_plan_json.h (POST /v1/imports, docs/api/openapi.yaml).
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "model/incident_report.h"

namespace accord::exchange {

// One problem with one object of the input. Refusals and notes alike.
struct ImportProblem {
  // What the problem is in: a STIX id ("incident--…"), a file name
  // ("vcdb/incidents/0068….json"), or "" for the document as a whole.
  std::string object;
  // RFC 6901 JSON Pointer into that object ("/created"), "" for the whole.
  std::string field;
  // Lower case, no final period: what was found and what was expected.
  std::string reason;

  friend bool operator==(const ImportProblem&, const ImportProblem&) = default;
};

// An object read and understood but not kept as an accord record (an
// ATT&CK `x-mitre-tactic`, a STIX `malware`, a VERIS `impact` section...).
struct IgnoredObject {
  std::string object;  // its id or file name, as in ImportProblem::object
  std::string type;    // its STIX type, or the VERIS/CSAF section
  std::string reason;  // why accord keeps nothing of it

  friend bool operator==(const IgnoredObject&, const IgnoredObject&) = default;
};

// An ATT&CK technique as reference data (ATT&CK for ICS, or Enterprise):
// what the norms catalogue and reports' `techniques` refer to.
struct Technique {
  std::string id;        // the ATT&CK id, "T0800" or "T1190.001"
  std::string name;      // "Activate Firmware Update Mode"
  std::string stix_id;   // "attack-pattern--…"
  std::string modified;  // the object's `modified`, RFC 3339 as given
  std::string domain;    // "ics-attack", "enterprise-attack", ... ("" if unknown)
  std::vector<std::string> tactics;  // kill-chain phase names, in order given
  std::string url;       // the external reference's url, "" if none
  bool deprecated = false;  // x_mitre_deprecated or revoked

  friend bool operator==(const Technique&, const Technique&) = default;
};

// A vendor's security advisory (CSAF 2.0 document), kept as reference data
// so that reports citing the same CVE ids can be linked to it.
struct Advisory {
  std::string tracking_id;           // /document/tracking/id
  std::string publisher;             // /document/publisher/name
  std::string title;                 // /document/title
  std::string initial_release_date;  // /document/tracking/initial_release_date
  std::string current_release_date;  // /document/tracking/current_release_date
  std::string tracking_version;      // /document/tracking/version
  std::vector<std::string> cves;     // /vulnerabilities/*/cve, unique, sorted
  std::string url;                   // the self reference, "" if none

  friend bool operator==(const Advisory&, const Advisory&) = default;
};

// One report the input maps to, with where it came from.
struct ImportedReport {
  std::string source;  // STIX id of the incident, or the file name
  model::IncidentReport report;
};

struct ImportPlan {
  std::vector<ImportedReport> reports;
  std::vector<Technique> techniques;
  std::vector<Advisory> advisories;
  std::vector<IgnoredObject> ignored;
  // Objects (or the whole document) refused, with every reason found.
  std::vector<ImportProblem> rejected;
  // Everything read: objects of a bundle, files of a directory.
  std::size_t objects_read = 0;
  std::size_t bytes_read = 0;
};

}  // namespace accord::exchange
