# Writes a C++ source that holds the bytes of INPUT as a std::string_view named
# accord::embedded::SYMBOL. Run by accord_embed() at build time.
file(READ "${INPUT}" hex HEX)
string(LENGTH "${hex}" hex_length)
math(EXPR byte_count "${hex_length} / 2")
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," bytes "${hex}")
file(WRITE "${OUTPUT}"
  "// Generated from ${INPUT} by cmake/embed_file.cmake. Do not edit.\n"
  "#include <string_view>\n"
  "namespace accord::embedded {\n"
  "static const unsigned char k${SYMBOL}Bytes[] = {${bytes} 0};\n"
  "extern const std::string_view ${SYMBOL};\n"
  "const std::string_view ${SYMBOL}(reinterpret_cast<const char*>(k${SYMBOL}Bytes), ${byte_count});\n"
  "}  // namespace accord::embedded\n")
