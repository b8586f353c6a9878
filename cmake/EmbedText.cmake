# Compiles a text file into the binary as `std::string_view NAME()` in NAMESPACE, so the service
# can serve it without depending on its working directory. Editing the file re-runs this.
function(embed_text input output namespace name)
  set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${input})
  file(READ ${input} text)
  set(body "// Generated from ${input} by cmake/EmbedText.cmake. Do not edit.\n#include <string_view>\n\n")
  string(APPEND body "namespace ${namespace} {\n\nstd::string_view ${name}() {\n")
  string(APPEND body "    static constexpr std::string_view text = R\"embedded_text(${text})embedded_text\";\n")
  string(APPEND body "    return text;\n}\n\n}  // namespace ${namespace}\n")
  file(CONFIGURE OUTPUT ${output} CONTENT "${body}" @ONLY)
endfunction()
