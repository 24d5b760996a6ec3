# call_soon runs callbacks first-in first-out, all in one iteration; a stop
# queued last ends run_forever once they have run.
from vclock import VirtualLoop, trace


def say(word):
    trace(f"callback {word}")


loop = VirtualLoop()
for word in ["one", "two", "three", "four"]:
    loop.call_soon(say, word)
loop.call_soon(loop.stop)
trace("run_forever", loop)
loop.run_forever()
trace("run_forever returned", loop)
loop.close()
