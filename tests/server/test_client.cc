#include "test_client.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>

namespace accord::server::testing {

TestConnection::TestConnection(std::uint16_t port) {
  fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd_ < 0) return;
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(port);
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
    ::close(fd_);
    fd_ = -1;
  }
}

TestConnection::~TestConnection() {
  if (fd_ >= 0) ::close(fd_);
}

bool TestConnection::Send(const std::string& bytes) {
  std::size_t sent = 0;
  while (sent < bytes.size()) {
    ssize_t n = ::send(fd_, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
    if (n < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    sent += static_cast<std::size_t>(n);
  }
  return true;
}

void TestConnection::ShutdownWrite() { ::shutdown(fd_, SHUT_WR); }

bool TestConnection::Fill(std::chrono::steady_clock::time_point deadline) {
  auto remaining = std::chrono::duration_cast<std::chrono::milliseconds>(
      deadline - std::chrono::steady_clock::now());
  if (remaining.count() <= 0) return false;
  pollfd poll_fd{fd_, POLLIN, 0};
  int ready = ::poll(&poll_fd, 1, static_cast<int>(remaining.count()));
  if (ready <= 0) return false;
  char chunk[65536];
  ssize_t n = ::recv(fd_, chunk, sizeof chunk, 0);
  if (n <= 0) return false;
  buffer_.append(chunk, static_cast<std::size_t>(n));
  return true;
}

std::optional<RawResponse> TestConnection::ReadResponse(std::chrono::milliseconds timeout,
                                                        bool head_request) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  std::size_t header_end;
  while ((header_end = buffer_.find("\r\n\r\n")) == std::string::npos)
    if (!Fill(deadline)) return std::nullopt;
  std::string head = buffer_.substr(0, header_end);
  buffer_.erase(0, header_end + 4);

  RawResponse response;
  std::size_t line_end = head.find("\r\n");
  std::string status_line = head.substr(0, line_end);
  if (status_line.rfind("HTTP/1.", 0) != 0 || status_line.size() < 12) return std::nullopt;
  response.status = std::atoi(status_line.substr(9, 3).c_str());
  std::size_t position = line_end == std::string::npos ? head.size() : line_end + 2;
  while (position < head.size()) {
    std::size_t end = head.find("\r\n", position);
    if (end == std::string::npos) end = head.size();
    std::string line = head.substr(position, end - position);
    std::size_t colon = line.find(':');
    if (colon != std::string::npos) {
      std::string name = line.substr(0, colon);
      for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      std::string value = line.substr(colon + 1);
      while (!value.empty() && value.front() == ' ') value.erase(0, 1);
      response.headers[name] = value;
    }
    position = end + 2;
  }
  std::size_t length = 0;
  if (!head_request && response.headers.count("content-length"))
    length = std::strtoul(response.headers["content-length"].c_str(), nullptr, 10);
  while (buffer_.size() < length)
    if (!Fill(deadline)) return std::nullopt;
  response.body = buffer_.substr(0, length);
  buffer_.erase(0, length);
  return response;
}

bool TestConnection::WaitForClose(std::chrono::milliseconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    pollfd poll_fd{fd_, POLLIN, 0};
    int ready = ::poll(&poll_fd, 1, 50);
    if (ready <= 0) continue;
    char chunk[4096];
    ssize_t n = ::recv(fd_, chunk, sizeof chunk, 0);
    if (n <= 0) return true;  // EOF or reset: closed either way
  }
  return false;
}

std::optional<RawResponse> Fetch(std::uint16_t port, const std::string& method,
                                 const std::string& target, const std::string& body,
                                 const std::string& extra_headers) {
  TestConnection connection(port);
  if (!connection.connected()) return std::nullopt;
  std::string request = method + " " + target + " HTTP/1.1\r\nHost: test\r\n" + extra_headers;
  if (!body.empty() || method == "POST")
    request += "Content-Length: " + std::to_string(body.size()) + "\r\n";
  request += "\r\n" + body;
  if (!connection.Send(request)) return std::nullopt;
  return connection.ReadResponse(std::chrono::seconds(5), method == "HEAD");
}

}  // namespace accord::server::testing
