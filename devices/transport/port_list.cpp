#include "devices/transport/port_list.hpp"

#include <algorithm>

#include <libserialport.h>

namespace stimbench {
namespace {

std::string text_or_empty(const char* text) {
  return text != nullptr ? text : "";
}

const char* kind_of(sp_transport transport) {
  switch (transport) {
    case SP_TRANSPORT_NATIVE:
      return "native";
    case SP_TRANSPORT_USB:
      return "usb";
    case SP_TRANSPORT_BLUETOOTH:
      return "bluetooth";
  }
  return "unknown";
}

}  // namespace

Result<std::vector<PortInfo>> list_serial_ports() {
  sp_port** ports = nullptr;
  sp_return ret = sp_list_ports(&ports);
  if (ret != SP_OK) {
    std::string why = "libserialport error " + std::to_string(ret);
    if (ret == SP_ERR_FAIL) {
      char* message = sp_last_error_message();
      why = text_or_empty(message);
      sp_free_error_message(message);
    }
    return make_error(ErrorCode::io, "cannot list serial ports: " + why);
  }
  std::vector<PortInfo> result;
  for (sp_port** it = ports; *it != nullptr; ++it) {
    sp_port* port = *it;
    PortInfo info;
    info.name = text_or_empty(sp_get_port_name(port));
    info.description = text_or_empty(sp_get_port_description(port));
    sp_transport transport = sp_get_port_transport(port);
    info.kind = kind_of(transport);
    if (transport == SP_TRANSPORT_USB) {
      int vid = 0;
      int pid = 0;
      if (sp_get_port_usb_vid_pid(port, &vid, &pid) == SP_OK) {
        info.usb_vid = vid;
        info.usb_pid = pid;
      }
      info.manufacturer = text_or_empty(sp_get_port_usb_manufacturer(port));
      info.product = text_or_empty(sp_get_port_usb_product(port));
      info.serial_number = text_or_empty(sp_get_port_usb_serial(port));
    }
    result.push_back(std::move(info));
  }
  sp_free_port_list(ports);
  std::sort(result.begin(), result.end(),
            [](const PortInfo& a, const PortInfo& b) { return a.name < b.name; });
  return result;
}

}  // namespace stimbench
