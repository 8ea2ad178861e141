// A deliberately simple blocking HTTP/1.1 client over POSIX sockets, for the
// server's tests: it sends exactly the bytes a test gives it (malformed,
// truncated, oversize) and parses what comes back without being lenient.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>

namespace accord::server::testing {

struct RawResponse {
  int status = 0;
  std::map<std::string, std::string> headers;  // names lower-cased
  std::string body;
  std::string Header(const std::string& lower_name) const {
    auto found = headers.find(lower_name);
    return found == headers.end() ? "" : found->second;
  }
};

class TestConnection {
 public:
  explicit TestConnection(std::uint16_t port);  // connects to 127.0.0.1:port
  ~TestConnection();
  TestConnection(const TestConnection&) = delete;
  TestConnection& operator=(const TestConnection&) = delete;

  bool connected() const { return fd_ >= 0; }
  // Sends all bytes; false if the peer closed or reset the connection.
  bool Send(const std::string& bytes);
  // Half-closes: the server sees end of stream but can still answer.
  void ShutdownWrite();
  // Reads one response (status line, headers, Content-Length body). nullopt
  // when the connection closes first or nothing arrives within `timeout`.
  std::optional<RawResponse> ReadResponse(
      std::chrono::milliseconds timeout = std::chrono::seconds(5), bool head_request = false);
  // True if the server closed the connection (EOF) within `timeout`.
  bool WaitForClose(std::chrono::milliseconds timeout = std::chrono::seconds(5));

 private:
  bool Fill(std::chrono::steady_clock::time_point deadline);
  int fd_ = -1;
  std::string buffer_;
};

// One request on a fresh connection: "GET /healthz" etc.
std::optional<RawResponse> Fetch(std::uint16_t port, const std::string& method,
                                 const std::string& target, const std::string& body = "",
                                 const std::string& extra_headers = "");

}  // namespace accord::server::testing
