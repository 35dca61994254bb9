// One direction of a proxied link: frames in, the fault schedule's verdict, frames out in
// order (a delayed frame holds back those behind it, as on a real line).
#include "devices/proxy/proxy_link.hpp"

namespace stimbench::proxy::detail {

Pipe::Pipe(std::shared_ptr<Link> link, ByteStream& from, ByteStream& to, FaultDirection direction,
           std::unique_ptr<FrameSplitter> splitter)
    : link_(std::move(link)),
      from_(from),
      to_(to),
      direction_(direction),
      splitter_(std::move(splitter)),
      send_timer_(link_->core->clock.make_timer(link_->core->io)),
      flush_timer_(link_->core->clock.make_timer(link_->core->io)) {}

void Pipe::cancel() {
  send_timer_->cancel();
  flush_timer_->cancel();
}

void Pipe::read() {
  reading_ = true;
  from_.read_some(input_, [self = shared_from_this()](boost::system::error_code ec, std::size_t n) {
    self->on_read(ec, n);
  });
}

void Pipe::on_read(boost::system::error_code ec, std::size_t n) {
  reading_ = false;
  if (link_->ended) return;
  if (ec) {
    return link_->end(
        std::string(direction_ == FaultDirection::host_to_device ? "client" : "upstream") +
        (ec == boost::asio::error::eof ? " closed" : ": " + ec.message()));
  }
  if (!link_->silent) {  // a stalled link hears nothing and says nothing
    splitter_->feed(std::span<const std::uint8_t>(input_.data(), n));
    drain();
    pump();
  }
  if (!link_->ended && queue_.size() < kMaxQueued) read();  // else the writer resumes reading
}

void Pipe::drain() {
  while (std::optional<Piece> piece = splitter_->next()) {
    if (piece->is_frame) {
      plan(std::move(piece->bytes));
    } else if (!link_->silent) {
      queue_.push_back({std::move(piece->bytes)});
    }
  }
  if (splitter_->holding()) arm_flush();
}

// A frame that stays incomplete (a truncated reply, a lone byte) still reaches the other
// side after a short quiet, so the peer sees exactly what the device sent.
void Pipe::arm_flush() {
  flush_timer_->expires_after(link_->core->options.quiet_flush);
  flush_timer_->async_wait([self = shared_from_this()](const boost::system::error_code& ec) {
    if (ec || self->link_->ended || self->link_->silent) return;
    Bytes held = self->splitter_->flush();
    if (!held.empty()) self->queue_.push_back({std::move(held)});
    self->drain();
    self->pump();
  });
}

void Pipe::plan(Bytes frame) {
  if (link_->silent) return;
  ProxyCore& core = *link_->core;
  std::optional<FaultDecision> fault = core.faults.decide(direction_);
  if (!fault) {
    queue_.push_back({std::move(frame)});
    return;
  }
  core.report(*fault);
  switch (fault->rule.kind) {
    case FaultKind::delay:
      queue_.push_back({std::move(frame), fault->delay});
      return;
    case FaultKind::drop:
      return;
    case FaultKind::corrupt:
      queue_.push_back({corrupt_reply(std::move(frame))});
      return;
    case FaultKind::truncate: {
      Bytes cut = truncate_reply(std::move(frame));
      if (!cut.empty()) queue_.push_back({std::move(cut)});
      return;
    }
    case FaultKind::duplicate:
      queue_.push_back({frame});
      queue_.push_back({std::move(frame)});
      return;
    case FaultKind::stall:
      link_->silent = true;
      return;
    case FaultKind::disconnect:
      link_->silent = true;
      queue_.push_back({Bytes{}, std::chrono::microseconds(0), true});
      return;
    case FaultKind::overtemp:  // refused by FaultProxy::start(); forwarded if ever reached
    case FaultKind::coil_removed:
    case FaultKind::power_fault:
      queue_.push_back({std::move(frame)});
      return;
  }
}

void Pipe::pump() {
  if (writing_ || queue_.empty() || link_->ended) return;
  writing_ = true;
  const Outgoing& next = queue_.front();
  if (next.hang_up) return link_->end("disconnect fault");
  if (next.delay <= std::chrono::microseconds(0)) return write_front();
  send_timer_->expires_after(next.delay);
  send_timer_->async_wait([self = shared_from_this()](const boost::system::error_code& ec) {
    if (ec || self->link_->ended) return;
    self->write_front();
  });
}

void Pipe::write_front() {
  to_.write_all(queue_.front().bytes, [self = shared_from_this()](boost::system::error_code ec) {
    if (self->link_->ended) return;
    if (ec) return self->link_->end("write: " + ec.message());
    self->queue_.pop_front();
    self->writing_ = false;
    if (!self->reading_ && self->queue_.size() < kMaxQueued) self->read();
    self->pump();
  });
}

void Link::start() {
  ProxyCore& c = *core;
  auto make = [&](FaultDirection direction) {
    auto splitter = make_splitter(c.options.family, c.options.firmware, direction);
    return splitter ? std::move(splitter).value() : nullptr;  // family checked in start()
  };
  to_device =
      std::make_shared<Pipe>(shared_from_this(), *client, *upstream, FaultDirection::host_to_device,
                             make(FaultDirection::host_to_device));
  to_host =
      std::make_shared<Pipe>(shared_from_this(), *upstream, *client, FaultDirection::device_to_host,
                             make(FaultDirection::device_to_host));
  to_device->start();
  to_host->start();
}

void Link::end(const std::string& why) {
  if (ended) return;
  ended = true;
  auto keep = shared_from_this();  // the pipes and the core may hold the last references
  client->close();
  upstream->close();
  if (to_device) to_device->cancel();
  if (to_host) to_host->cancel();
  // The pipes hold this link: break the cycle now, not in a posted handler, which never runs
  // when the proxy stops its io_context (LeakSanitizer found the leak). A pending handler keeps
  // its own pipe alive until it has run or the io_context is destroyed.
  to_device.reset();
  to_host.reset();
  std::shared_ptr<ProxyCore> c = core;
  c->note("client done: " + why);
  if (c->link.get() == this) c->link.reset();
  if (!c->stopped) c->accept();
}

}  // namespace stimbench::proxy::detail
